import { readFileSync, writeFileSync } from 'node:fs';
import { Decrypter, Encrypter } from 'age-encryption';
import tar from 'tar-stream';
import { manifestSignatureMessage } from '../../db/bundles/bundle-format.js';
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
