import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { sensitivity } from '../shared/schema-parts.js';
import { recordType } from '../shared/schemas.js';
import { bundleIdentity } from './bundle-identity.js';
import { bundleExportResult, bundleIdentityResult, bundleImportSummary, syncResult } from './bundle-results.js';
import { maxScryptWorkFactor } from './bundle-passphrase.js';
import { importBundle } from './read-bundle.js';
import { syncFolder } from './sync-folder.js';
import { exportBundle } from './write-bundle.js';

const passphrase = z.string().min(1).max(1024);
export const recipient = z.string().regex(/^age1[0-9a-z]{58}$/, 'an age recipient (age1…)');
// Vigil opens bundles up to 2^18 (bundle-passphrase.ts); a costlier one could not be opened again.
const scryptWorkFactor = z.int().min(10).max(maxScryptWorkFactor).optional();

export const bundleMethods = {
  'bundle.identity': defineMethod({
    summary: 'This archive\u2019s device id, key fingerprint and age recipient (to which teammates address bundles).',
    args: z.object({}),
    result: bundleIdentityResult,
    run: (session) => bundleIdentity(session.requireArchive()),
  }),

  'bundle.export': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => [a.out],
    summary:
      'Write a signed, encrypted bundle of revisions and attachments: what the peer has not been sent (or everything), optionally only some types, tags or sensitivities; to a team passphrase or to age recipients.',
    args: z
      .object({
        out: z.string().min(1),
        all: z.boolean().optional(),
        peer: z.string().min(1).max(200).optional(),
        types: z.array(recordType).max(32).optional(),
        tags: z.array(z.string().min(1).max(200)).max(100).optional(),
        maxSensitivity: sensitivity.optional(),
        to: z.array(recipient).max(100).optional(),
        passphrase: passphrase.optional(),
        scryptWorkFactor,
      })
      .refine((a) => !(a.all && a.peer), 'a bundle is either everything (all) or what one peer has not been sent (peer), not both'),
    result: bundleExportResult,
    run: (session, args, context) => exportBundle(session.requireArchive(), args, context.files),
  }),

  'bundle.import': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => [a.path],
    summary: 'Open a bundle and merge it: every signature, hash, size and count is checked before its one transaction commits; a damaged or forged bundle changes nothing.',
    args: z.object({ path: z.string().min(1), passphrase: passphrase.optional(), requireKnownDevice: z.boolean().optional() }),
    result: bundleImportSummary,
    run: (session, args, context) => importBundle(session.requireArchive(), args.path, { ...args, signal: context.signal, ...(context.files ? { files: context.files } : {}) }),
  }),

  'bundle.sync': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => [a.folder],
    summary: 'Meet the team in a shared folder: read every other device\u2019s bundle found there, then write this device\u2019s own.',
    args: z.object({ folder: z.string().min(1), passphrase: passphrase.optional(), to: z.array(recipient).max(100).optional(), scryptWorkFactor }),
    result: syncResult,
    run: (session, args, context) => syncFolder(session.requireArchive(), args.folder, { ...args, signal: context.signal }),
  }),
};
