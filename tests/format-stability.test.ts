import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { tempDir } from './support/temp-archive.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const facts = JSON.parse(readFileSync(join(fixtures, 'archive-v1.json'), 'utf8')) as {
  passphrase: string;
  recoveryCode: string;
  detainee: string;
  deleted: string;
  attachment: string;
};

/** A copy of the committed archive, since opening one writes its audit log. */
function copyOfFixture(): string {
  const dir = join(tempDir(), 'archive-v1');
  cpSync(join(fixtures, 'archive-v1'), dir, { recursive: true });
  return dir;
}

describe('archives written by earlier versions', () => {
  it('a version-1 archive still opens, verifies and reads back exactly', async () => {
    const archive = await openArchive(copyOfFixture(), { passphrase: facts.passphrase });
    try {
      expect(verifyArchive(archive)).toMatchObject({ ok: true });
      const detainee = archive.records.get(facts.detainee);
      expect(detainee.data).toMatchObject({ title: 'Fixture Detainee', status: 'detained', names: [{ name: 'Фикстура' }] });
      expect(archive.records.history(facts.deleted).map((r) => r.op)).toEqual(['put', 'delete']);
      // Archives from before the search index are indexed when first opened.
      expect(archive.search.search({ query: 'Фикстура' }).hits.map((h) => h.id)).toEqual([facts.detainee]);
      const parts: Buffer[] = [];
      for await (const part of archive.attachments.read(facts.attachment)) parts.push(part);
      expect(Buffer.concat(parts).toString()).toBe('attachment content v1\n');
    } finally {
      archive.close();
    }
    (await openArchive(copyOfFixture(), { recoveryCode: facts.recoveryCode })).close();
  });
});
