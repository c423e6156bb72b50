/**
 * Writes tests/fixtures/archive-v1: a small archive made once and committed, so that a test
 * notices when a dependency upgrade (SQLite, its cipher) or our own code could no longer
 * open archives people already have. Call makeFormatFixture (from a scratch test) only to
 * add a fixture for a new format version, never to make an old one pass again.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArchive } from '../../db/store/archive.js';

export const fixturePassphrase = 'fixture passphrase v1';

export async function makeFormatFixture(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const { archive, recoveryCode } = await createArchive(dir, fixturePassphrase, { kdf: { N: 2 ** 14, r: 8, p: 1 } });
  const detainee = archive.records.create('detainee', {
    title: 'Fixture Detainee',
    names: [{ name: 'Фикстура', script: 'cyrillic' }],
    arrests: [{ accounts: [{ by: { kind: 'source' }, date: 'early January 2022' }] }],
  });
  archive.records.update(detainee.id, { status: 'detained' });
  const gone = archive.records.create('note', { title: 'deleted note' });
  archive.records.delete(gone.id);
  const file = join(dir, '..', 'fixture-attachment.txt');
  writeFileSync(file, 'attachment content v1\n');
  const blob = await archive.attachments.putFile(file);
  archive.records.attach(detainee.id, { sha256: blob.sha256, name: 'attachment.txt', size: blob.size });
  rmSync(file);
  archive.close();
  writeFileSync(
    join(dir, '..', 'archive-v1.json'),
    `${JSON.stringify({ passphrase: fixturePassphrase, recoveryCode, detainee: detainee.id, deleted: gone.id, attachment: blob.sha256 }, null, 2)}\n`,
  );
}
