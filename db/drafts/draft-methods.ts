import { z } from 'zod';
import { defineMethod } from '../contract.js';

/**
 * Unsaved text (hearing mode's note field) kept inside the encrypted archive as it is typed,
 * so that a crash or a forced quit loses nothing and no plaintext copy lands in browser
 * storage. Drafts are this device's alone: not records, never in history or bundles.
 */
const draftKey = z.string().regex(/^[a-z]+:[A-Za-z0-9-]{1,80}$/, 'expected a draft key such as hearing:<id>');

export const draftMethods = {
  'drafts.get': defineMethod({
    summary: 'The draft kept under a key, if any.',
    args: z.object({ key: draftKey }),
    result: z.object({ text: z.string(), updatedAt: z.string() }).nullable(),
    run(session, args) {
      const row = session.requireArchive().db.prepare('SELECT text, updated_ms FROM drafts WHERE key = ?').get(args.key) as { text: string; updated_ms: number } | undefined;
      return row ? { text: row.text, updatedAt: new Date(row.updated_ms).toISOString() } : null;
    },
  }),
  'drafts.put': defineMethod({
    summary: 'Keep a draft under a key; empty text removes it.',
    args: z.object({ key: draftKey, text: z.string().max(100_000, 'a draft holds at most 100000 characters') }),
    result: z.object({ kept: z.boolean() }),
    run(session, args) {
      const { db, writes } = session.requireArchive();
      return writes.write(() => {
        if (!args.text) {
          db.prepare('DELETE FROM drafts WHERE key = ?').run(args.key);
          return { kept: false };
        }
        db.prepare('INSERT INTO drafts (key, text, updated_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET text = excluded.text, updated_ms = excluded.updated_ms').run(
          args.key,
          args.text,
          Date.now(),
        );
        return { kept: true };
      });
    },
  }),
};
