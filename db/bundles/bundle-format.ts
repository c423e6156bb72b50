import { z } from 'zod';
import { VigilError } from '../errors.js';
import { deviceIdPattern } from '../records/device-identity.js';

/**
 * A bundle (`.vigil`) is an age-encrypted tar holding, in this order:
 *
 *   manifest.json    what the bundle is and holds (below)
 *   manifest.sig     the source device's Ed25519 signature over the exact bytes of manifest.json
 *   revisions.jsonl  one revision per line: {"id","body","signature"} as revisions travel
 *   blobs/<sha256>   each attachment the revisions name, by its SHA-256
 *
 * The manifest carries the size and SHA-256 of revisions.jsonl and of every blob, so the
 * signature covers the whole bundle. docs/bundles.md describes the format for other programs.
 */
export const bundleFormat = 'vigil-bundle';
export const bundleVersion = 1;

export const manifestName = 'manifest.json';
export const signatureName = 'manifest.sig';
export const revisionsName = 'revisions.jsonl';
export const blobPrefix = 'blobs/';

/** Sizes past which a bundle is refused before anything is read into memory. */
export const bundleLimits = {
  manifestBytes: 16 * 1024 * 1024,
  /** A report's text may hold 50 million characters; as JSON, escaped, it stays below this. */
  revisionLineBytes: 256 * 1024 * 1024,
  revisionsBytes: 64 * 1024 * 1024 * 1024,
  blobBytes: 64 * 1024 * 1024 * 1024,
  blobs: 200_000,
  devices: 100_000,
  /**
   * Objects and arrays in one revision line or in the manifest. Parsing many tiny ones costs
   * far more memory than their bytes (16 MB of "[{},{},…]" took 350 MB), so a line with more
   * is refused before it is parsed. Real revisions hold a few thousand at most.
   */
  jsonContainers: 500_000,
};

/** Refuses JSON text holding more objects and arrays than `limit`, before parsing it. */
export function checkJsonContainers(text: string, limit: number, what: string): void {
  let count = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++count > limit) break;
  for (let i = text.indexOf('['); i !== -1 && count <= limit; i = text.indexOf('[', i + 1)) count++;
  if (count > limit) throw new VigilError('damaged', `${what} holds more nested values than a Vigil bundle ever does: refused`);
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
const base64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte key in base64');
const deviceId = z.string().regex(deviceIdPattern, 'a device id');
const count = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

export const manifestSchema = z.strictObject({
  format: z.literal(bundleFormat),
  version: z.literal(bundleVersion),
  bundleId: z.uuid(),
  createdAt: z.iso.datetime(),
  source: z.strictObject({
    deviceId,
    name: z.string().max(200).nullable(),
    publicKey: base64Key,
    recipient: z.string().regex(/^age1[0-9a-z]{58}$/, 'an age recipient'),
  }),
  /** The public keys of every device that wrote a revision in the bundle. */
  devices: z.array(z.strictObject({ deviceId, publicKey: base64Key })).max(bundleLimits.devices),
  /** What was left out: empty for a full bundle. */
  filters: z.strictObject({
    types: z.array(z.string().max(32)).max(32).optional(),
    tags: z.array(z.string().max(200)).max(100).optional(),
    maxSensitivity: z.string().max(32).optional(),
    afterSeq: count.optional(),
  }),
  revisions: z.strictObject({ count, bytes: count.max(bundleLimits.revisionsBytes), sha256: sha256Hex }),
  blobs: z.array(z.strictObject({ sha256: sha256Hex, size: count.max(bundleLimits.blobBytes) })).max(bundleLimits.blobs),
});

export type BundleManifest = z.infer<typeof manifestSchema>;

/** The message the source device signs: a domain prefix, then the manifest's bytes. */
export function manifestSignatureMessage(manifestBytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${bundleFormat}/${bundleVersion}\n`, 'utf8'), manifestBytes]);
}

/** What kind of key opens a bundle, read from the age header's first stanza without decrypting. */
export function bundleKeyKind(head: Uint8Array): 'passphrase' | 'recipient' | 'unknown' {
  const text = Buffer.from(head.subarray(0, 512)).toString('latin1');
  if (!text.startsWith('age-encryption.org/v1\n')) return 'unknown';
  if (/\n-> scrypt /.test(text)) return 'passphrase';
  if (/\n-> X25519 /.test(text)) return 'recipient';
  return 'unknown';
}
