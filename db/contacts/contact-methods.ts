import { z } from 'zod';
import { defineMethod } from '../contract.js';
import { VigilError } from '../errors.js';
import { recipient } from '../bundles/bundle-methods.js';
import type { TeamContactRow } from '../store/table-rows.js';

/**
 * Team contacts: the people bundles are encrypted to, kept in the encrypted archive (who is
 * on the team is itself sensitive). The fingerprint is what they read out when the recipient
 * is checked face to face or by phone.
 */
const contact = z.object({
  name: z.string().trim().min(1, 'a contact needs a name').max(200),
  recipient,
  fingerprint: z
    .string()
    .regex(/^[0-9A-F]{4}(-[0-9A-F]{4}){7}$/, 'a fingerprint as Vigil shows it (eight groups of four characters)')
    .optional(),
});
const contactView = contact.extend({ addedAt: z.string() });

function rowToContact(row: TeamContactRow): z.output<typeof contactView> {
  return { name: row.name, recipient: row.recipient, ...(row.fingerprint ? { fingerprint: row.fingerprint } : {}), addedAt: new Date(row.added_ms).toISOString() };
}

export const contactMethods = {
  'contacts.list': defineMethod({
    summary: 'Team contacts, by name.',
    args: z.object({}),
    result: z.array(contactView),
    run: (session) => (session.requireArchive().db.prepare('SELECT * FROM team_contacts ORDER BY name COLLATE NOCASE').all() as TeamContactRow[]).map(rowToContact),
  }),
  'contacts.add': defineMethod({
    summary: 'Add a team contact (or rename one already known by its recipient).',
    args: contact,
    result: contactView,
    run(session, args) {
      const { db, writes } = session.requireArchive();
      writes.write(() =>
        db
          .prepare(
            'INSERT INTO team_contacts (recipient, name, fingerprint, added_ms) VALUES (?, ?, ?, ?) ON CONFLICT (recipient) DO UPDATE SET name = excluded.name, fingerprint = coalesce(excluded.fingerprint, fingerprint)',
          )
          .run(args.recipient, args.name, args.fingerprint ?? null, Date.now()),
      );
      return rowToContact(db.prepare('SELECT * FROM team_contacts WHERE recipient = ?').get(args.recipient) as TeamContactRow);
    },
  }),
  'contacts.remove': defineMethod({
    summary: 'Remove a team contact.',
    args: z.object({ recipient }),
    result: z.object({ removed: z.literal(true) }),
    run(session, args) {
      const { db, writes } = session.requireArchive();
      const changed = writes.write(() => db.prepare('DELETE FROM team_contacts WHERE recipient = ?').run(args.recipient).changes);
      if (!changed) throw new VigilError('not_found', 'no such contact');
      return { removed: true as const };
    },
  }),
};
