import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Decrypter, Encrypter } from 'age-encryption';
import tar from 'tar-stream';
import { manifestSignatureMessage } from '../../db/bundles/bundle-format.js';
import { ageKeys } from '../../db/bundles/bundle-identity.js';
import { sealRevision, type RevisionFields, type SignedRevision } from '../../db/records/revision.js';
import { privateKeyFromDer, signMessage } from '../../db/records/device-identity.js';
import type { Archive } from '../../db/store/archive.js';

/**
 * Taking a bundle apart and putting one together by hand, as another program (or an attacker)
 * would: the tests forge, truncate and reorder bundles with these.
 */
export interface BundleEntry {
  name: string;
  data: Buffer;
  type?: 'file' | 'directory' | 'symlink';
}

export function ageIdentityOf(archive: Archive): string {
  return archive.db.prepare('SELECT age_identity FROM bundle_identity WHERE id = 1').pluck().get() as string;
}

export async function unpackBundle(path: string, identity: string): Promise<BundleEntry[]> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const plain = Buffer.from(await decrypter.decrypt(readFileSync(path)));
  const extract = tar.extract();
  const entries: BundleEntry[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const chunk of entry) parts.push(chunk as Buffer);
      entries.push({ name: entry.header.name, data: Buffer.concat(parts) });
    }
  })();
  extract.end(plain);
  await done;
  return entries;
}

export async function tarOf(entries: BundleEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === 'symlink') pack.entry({ name: e.name, type: 'symlink', linkname: '/etc/passwd' });
    else if (e.type === 'directory') pack.entry({ name: e.name, type: 'directory' });
    else pack.entry({ name: e.name, size: e.data.length }, e.data);
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

export async function packBundle(path: string, entries: BundleEntry[], recipient: string): Promise<void> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  writeFileSync(path, await encrypter.encrypt(await tarOf(entries)));
}

/** Signs manifest bytes as the archive's own device would (the key read from its database). */
export function signAs(archive: Archive, manifest: Buffer): Buffer {
  const der = archive.db.prepare('SELECT private_key FROM device_keys WHERE device_id = ?').pluck().get(archive.deviceId) as Buffer;
  return signMessage(privateKeyFromDer(der), manifestSignatureMessage(manifest));
}

/**
 * A bundle of revisions written and signed by `author` as a hostile peer could: any data, even
 * what this Vigil would never write, sealed with the author's real key, encrypted to `recipient`.
 */
export async function bundleOfRevisions(
  author: Archive,
  revisions: readonly SignedRevision[],
  recipient: string,
  out: string,
  options: { spell?: (line: string) => string } = {},
): Promise<void> {
  const spell = options.spell ?? ((line: string) => line);
  const lines = Buffer.from(
    revisions.map((r) => `${spell(JSON.stringify({ id: r.id, body: JSON.parse(r.canonical) as unknown, signature: r.signature.toString('base64') }))}\n`).join(''),
  );
  const publicKey = author.devicePublicKey().toString('base64');
  const manifest = Buffer.from(
    JSON.stringify({
      format: 'vigil-bundle',
      version: 1,
      bundleId: randomUUID(),
      createdAt: new Date().toISOString(),
      source: { deviceId: author.deviceId, name: null, publicKey, recipient: (await ageKeys(author)).recipient },
      devices: [{ deviceId: author.deviceId, publicKey }],
      filters: {},
      revisions: { count: revisions.length, bytes: lines.length, sha256: createHash('sha256').update(lines).digest('hex') },
      blobs: [],
    }),
  );
  await packBundle(
    out,
    [
      { name: 'manifest.json', data: manifest },
      { name: 'manifest.sig', data: signAs(author, manifest) },
      { name: 'revisions.jsonl', data: lines },
    ],
    recipient,
  );
}

/** A revision sealed with the archive's own device key, whatever its data. */
export function sealAs(author: Archive, fields: Omit<RevisionFields, 'device'>): SignedRevision {
  const der = author.db.prepare('SELECT private_key FROM device_keys WHERE device_id = ?').pluck().get(author.deviceId) as Buffer;
  return sealRevision({ ...fields, device: author.deviceId }, privateKeyFromDer(der));
}
