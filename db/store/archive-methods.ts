import { resolve } from 'node:path';
import { z } from 'zod';
import { defineMethod, type EngineSession, longTimeLimitMs } from '../contract.js';
import { VigilError } from '../errors.js';
import { verifyArchive, verifyReport } from '../verify-archive.js';
import { checkNewPassphrase, createArchive, isArchiveFolder, openArchive, wipeArchive, type Archive, type Unlock } from './archive.js';
import { readKeyFile, unwrapMasterKey } from './key-slots.js';

const dir = z.string().min(1, 'a folder is required');
const secret = z.string().min(1).max(4096);
/** An archive folder and what unlocks it: the passphrase, or the recovery code. */
const unlockArgs = z.union([z.object({ dir, passphrase: secret }), z.object({ dir, recoveryCode: secret })]);

const archiveInfo = z.object({ dir: z.string(), archiveId: z.string(), deviceId: z.string() });
function info(archive: Archive) {
  return { dir: archive.dir, archiveId: archive.archiveId, deviceId: archive.deviceId };
}

/** The secret an unlock's arguments carry: the passphrase, or the recovery code. */
function unlockOf(args: { passphrase: string } | { recoveryCode: string }): Unlock {
  return 'passphrase' in args ? { passphrase: args.passphrase } : { recoveryCode: args.recoveryCode };
}

/** One archive open at a time per session: creating, unlocking or checking another waits for a lock. */
function refuseIfOpen(session: EngineSession): void {
  if (session.archive && !session.archive.closed) throw new VigilError('already_open', `an archive is already open (${session.archive.dir}): lock it first`);
}

async function unlockInto(session: EngineSession, folder: string, unlock: Unlock): Promise<Archive> {
  refuseIfOpen(session);
  session.archive = await openArchive(resolve(folder), unlock);
  return session.archive;
}

export const archiveMethods = {
  'archive.create': defineMethod({
    archiveFolder: true,
    summary: 'Create an archive in a folder and open it; returns the recovery code, shown once.',
    args: z.object({ dir, passphrase: secret }),
    result: archiveInfo.extend({ recoveryCode: z.string() }),
    async run(session, args) {
      refuseIfOpen(session);
      const { archive, recoveryCode } = await createArchive(args.dir, args.passphrase);
      session.archive = archive;
      return { ...info(archive), recoveryCode };
    },
  }),
  'archive.open': defineMethod({
    archiveFolder: true,
    summary: 'Unlock an archive with its passphrase or its recovery code.',
    args: unlockArgs,
    result: archiveInfo,
    async run(session, args) {
      return info(await unlockInto(session, args.dir, unlockOf(args)));
    },
  }),
  'archive.inspect': defineMethod({
    archiveFolder: true,
    summary: 'Whether a folder holds a Vigil archive (to unlock) or not (to create one there). Reads nothing secret.',
    args: z.object({ dir }),
    result: z.object({ dir: z.string(), exists: z.boolean() }),
    run: (_session, args) => ({ dir: resolve(args.dir), exists: isArchiveFolder(args.dir) }),
  }),
  'archive.status': defineMethod({
    summary: 'Whether an archive is open, and which.',
    args: z.object({}),
    result: z.object({ open: z.boolean(), archive: archiveInfo.optional() }),
    run(session) {
      const open = !!session.archive && !session.archive.closed;
      return open ? { open, archive: info(session.archive!) } : { open };
    },
  }),
  'archive.close': defineMethod({
    interrupts: true,
    summary: 'Lock: close the database and drop the key from memory.',
    args: z.object({}),
    result: z.object({ closed: z.boolean() }),
    run(session) {
      const was = !!session.archive && !session.archive.closed;
      session.archive?.close();
      session.archive = undefined;
      return { closed: was };
    },
  }),
  'archive.changePassphrase': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary:
      'Change the passphrase of the open archive; the current one is asked again. With rekey, the database is also re-encrypted under a new key (an old copy of keys.json then opens nothing) and a new recovery code is returned, to show once.',
    args: z.object({ currentPassphrase: secret, newPassphrase: secret, rekey: z.boolean().optional() }),
    result: z.object({ changed: z.literal(true), rekeyed: z.boolean(), recoveryCode: z.string().optional() }),
    async run(session, args, context) {
      const archive = session.requireArchive();
      // Proves the person at the keyboard knows the passphrase, not just that the archive is unlocked.
      (await unwrapMasterKey(readKeyFile(archive.dir), 'passphrase', args.currentPassphrase)).fill(0);
      if (!args.rekey) {
        await archive.setPassphrase(args.newPassphrase, 'change');
        return { changed: true as const, rekeyed: false };
      }
      const { archive: rekeyed, recoveryCode } = await archive.rekey(args.newPassphrase, {
        onProgress: ({ done, total }) => context.progress({ stage: 'rekey', done, total }),
      });
      session.archive = rekeyed;
      return { changed: true as const, rekeyed: true, recoveryCode };
    },
  }),
  'archive.resetPassphrase': defineMethod({
    archiveFolder: true,
    summary: 'Set a new passphrase with the recovery code; leaves the archive open.',
    args: z.object({ dir, recoveryCode: secret, newPassphrase: secret }),
    result: archiveInfo,
    async run(session, args) {
      checkNewPassphrase(args.newPassphrase);
      const archive = await unlockInto(session, args.dir, { recoveryCode: args.recoveryCode });
      await archive.setPassphrase(args.newPassphrase, 'reset');
      return info(archive);
    },
  }),
  'archive.verify': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary: 'Check the database, every revision hash and signature, the audit chain and every attachment.',
    args: z.object({}),
    result: verifyReport,
    run(session) {
      return verifyArchive(session.requireArchive());
    },
  }),
  'archive.verifyFolder': defineMethod({
    timeLimitMs: longTimeLimitMs,
    archiveFolder: true,
    summary: 'Verify an archive that is not open: unlocked only to check it, with no unlock entry in its audit log (checking it changes nothing), and locked again.',
    args: unlockArgs,
    result: verifyReport,
    async run(session, args) {
      refuseIfOpen(session);
      const archive = await openArchive(args.dir, unlockOf(args), { recordUnlock: false });
      try {
        return verifyArchive(archive);
      } finally {
        archive.close();
      }
    },
  }),
  'archive.wipe': defineMethod({
    interrupts: true,
    archiveFolder: true,
    summary: 'Emergency wipe: destroy the key file, then the database. Needs no passphrase.',
    args: z.object({ dir, confirm: z.literal(true, { message: 'a wipe must be confirmed' }) }),
    result: z.object({ removed: z.array(z.string()) }),
    run(session, args) {
      if (session.archive && resolve(session.archive.dir) === resolve(args.dir)) {
        session.archive.close();
        session.archive = undefined;
      }
      return wipeArchive(args.dir);
    },
  }),
};
