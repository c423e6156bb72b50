import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { VigilError } from '../errors.js';
import { recordView } from '../shared/record-views.js';
import { recordId, sha256Hex } from '../shared/schema-parts.js';
import { openHeld } from '../store/caller-files.js';

export const maxAttachmentBytes = 1024 ** 3;

export const attachmentMethods = {
  'attachments.add': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => [a.path],
    summary: 'Store a file (streamed, encrypted, deduplicated by SHA-256) and link it from a record.',
    args: z.object({
      recordId,
      path: z.string().min(1),
      name: z.string().min(1).max(500).optional(),
      mime: z.string().min(1).max(200).optional(),
    }),
    result: z.object({ sha256: z.string(), size: z.number(), existed: z.boolean(), record: recordView }),
    async run(session, args, context) {
      const archive = session.requireArchive();
      archive.records.get(args.recordId);
      const held = context.files?.reading(args.path);
      let size: number;
      if (held) size = held.size;
      else {
        let stat;
        try {
          stat = statSync(args.path);
        } catch {
          throw new VigilError('not_found', `cannot read ${args.path}`);
        }
        if (!stat.isFile()) throw new VigilError('invalid_argument', `${args.path} is not a file`);
        size = stat.size;
      }
      if (size > maxAttachmentBytes) throw new VigilError('invalid_argument', `${args.path} is larger than 1 GiB`);
      // Stored and named in one write: a failure or a crash in between leaves no file that nothing names.
      return archive.writes.writeAsync(async () => {
        const blob = held
          ? await archive.attachments.putStream(openHeld(held), { maxBytes: maxAttachmentBytes })
          : await archive.attachments.putFile(args.path, { maxBytes: maxAttachmentBytes });
        const record = archive.records.attach(args.recordId, {
          sha256: blob.sha256,
          name: args.name ?? basename(args.path),
          size: blob.size,
          ...(args.mime ? { mime: args.mime } : {}),
        });
        return { sha256: blob.sha256, size: blob.size, existed: blob.existed, record };
      });
    },
  }),
  'attachments.part': defineMethod({
    summary: 'One stored part of an attachment (base64), with the number of parts and the size: a viewer assembles them in memory and checks the SHA-256.',
    args: z.object({ sha256: sha256Hex, index: z.int().min(0) }),
    result: z.object({ index: z.int(), count: z.int(), size: z.int(), data: z.string() }),
    run(session, args) {
      const part = session.requireArchive().attachments.part(args.sha256, args.index);
      return { index: args.index, count: part.count, size: part.size, data: part.data.toString('base64') };
    },
  }),
};
