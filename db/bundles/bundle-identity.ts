import { createHash } from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { Archive } from '../store/archive.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { recordSql } from '../records/record-sql.js';
import type { BundleIdentity } from './bundle-results.js';

/** The age identity (the secret half) lives in the encrypted database and is made on first use. */
export async function bundleIdentity(archive: Archive): Promise<BundleIdentity> {
  const { recipient } = await ageKeys(archive);
  return { deviceId: archive.deviceId, fingerprint: deviceFingerprint(archive.devicePublicKey()), recipient };
}

/** This archive's age identity and recipient, made and stored the first time they are needed. */
export async function ageKeys(archive: Archive): Promise<{ identity: string; recipient: string }> {
  const stored = storedAgeKeys(archive);
  if (stored) return stored;
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  // Another call may have made one meanwhile: the first one stays.
  archive.writes.write(() =>
    archive.db.prepare('INSERT OR IGNORE INTO bundle_identity (id, age_identity, age_recipient, created_ms) VALUES (1, ?, ?, ?)').run(identity, recipient, Date.now()),
  );
  return ageKeys(archive);
}

/** The age keys if this archive has made them (reading writes nothing). */
export function storedAgeKeys(archive: Archive): { identity: string; recipient: string } | undefined {
  const stored = archive.db.prepare('SELECT age_identity, age_recipient FROM bundle_identity WHERE id = 1').get() as { age_identity: string; age_recipient: string } | undefined;
  return stored && { identity: stored.age_identity, recipient: stored.age_recipient };
}

/** SHA-256 of the device's public key, 128 bits as eight groups of four hex digits: "3F2A-91C0-…". */
export function deviceFingerprint(publicKey: Uint8Array): string {
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/** Each device's fingerprint by its id, each key read once; a device this archive has no key for reads as its id. */
export function fingerprintsOfDevices(db: SqliteDatabase): (device: string) => string {
  const { devicePublicKey } = recordSql(db);
  const known = new Map<string, string>();
  return (device) => {
    let fingerprint = known.get(device);
    if (fingerprint === undefined) {
      const key = devicePublicKey.get(device);
      known.set(device, (fingerprint = key ? deviceFingerprint(key) : device));
    }
    return fingerprint;
  };
}
