import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { deviceIdOf, deviceIdPattern, publicKeyFromRaw, signMessage, signMessageAsync, verifyMessage } from './device-identity.js';
import { maxHlcCount, type Hlc } from './hlc.js';

/**
 * A revision is immutable: its id is the SHA-256 of its canonical JSON (RFC 8785), which
 * includes its parents, its clock and its author device; the author signs the id. A record's
 * history is the DAG these parents form. `put` carries the whole record value; `delete` is a
 * tombstone.
 */
export const revisionFormat = 'vigil-revision';
export const revisionVersion = 1;

export const revisionBodySchema = z
  .strictObject({
    format: z.literal(revisionFormat),
    version: z.literal(revisionVersion),
    record: z.uuid(),
    // Lower-case words joined by hyphens (search-words); a type this version does not know is refused by name later.
    type: z
      .string()
      .regex(/^[a-z]+(-[a-z]+)*$/)
      .max(32),
    op: z.enum(['put', 'delete']),
    parents: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(256),
    hlc: z.strictObject({ time: z.int().min(0).max(8.64e15), count: z.int().min(0).max(maxHlcCount) }),
    device: z.string().regex(deviceIdPattern),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => (b.op === 'put') === (b.data !== undefined), 'a put carries data and a delete does not')
  .refine((b) => b.parents.every((p, i) => i === 0 || b.parents[i - 1]! < p), 'parents must be sorted and unique');

export type RevisionBody = z.infer<typeof revisionBodySchema>;

export interface SignedRevision {
  id: string;
  body: RevisionBody;
  /** The canonical JSON of body: exactly the bytes hashed into id. */
  canonical: string;
  signature: Buffer;
}

export function signatureMessage(id: string): Buffer {
  return Buffer.concat([Buffer.from(`${revisionFormat}/${revisionVersion}\n`, 'utf8'), Buffer.from(id, 'hex')]);
}

export interface RevisionFields {
  record: string;
  type: string;
  op: 'put' | 'delete';
  parents: string[];
  hlc: Hlc;
  device: string;
  data?: Record<string, unknown>;
}

/** A revision's body, its canonical JSON and its id: everything but the signature. */
function unsignedRevision(fields: RevisionFields): Omit<SignedRevision, 'signature'> {
  const body: RevisionBody = {
    format: revisionFormat,
    version: revisionVersion,
    record: fields.record,
    type: fields.type,
    op: fields.op,
    parents: [...new Set(fields.parents)].sort(),
    hlc: { time: fields.hlc.time, count: fields.hlc.count },
    device: fields.device,
    ...(fields.op === 'put' ? { data: fields.data ?? {} } : {}),
  };
  const canonical = canonicalJson(body);
  return { id: sha256Hex(canonical), body, canonical };
}

export function sealRevision(fields: RevisionFields, privateKey: KeyObject): SignedRevision {
  const unsigned = unsignedRevision(fields);
  return { ...unsigned, signature: signMessage(privateKey, signatureMessage(unsigned.id)) };
}

/** Seals many revisions, signing them on libuv's thread pool rather than on this thread. */
export async function sealRevisionsAsync(fields: readonly RevisionFields[], privateKey: KeyObject): Promise<SignedRevision[]> {
  const unsigned = fields.map(unsignedRevision);
  const signatures = await Promise.all(unsigned.map((u) => signMessageAsync(privateKey, signatureMessage(u.id))));
  return unsigned.map((u, i) => ({ ...u, signature: signatures[i]! }));
}

/**
 * Checks a revision received from elsewhere: its structure, that its id is the hash of its
 * content, that the key belongs to the named device, and that the signature is that key's.
 * Returns the problem in one line, or null.
 */
export function checkRevision(rev: { id: string; body: unknown; signature: Uint8Array }, publicKey: Uint8Array | undefined): string | null {
  const parsed = revisionBodySchema.safeParse(rev.body);
  if (!parsed.success) return `revision ${short(rev.id)} is malformed: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`;
  const id = sha256Hex(canonicalJson(parsed.data));
  if (id !== rev.id) return `revision ${short(rev.id)} does not match its content (hash ${short(id)})`;
  if (!publicKey) return `revision ${short(rev.id)} is by unknown device ${parsed.data.device}`;
  if (deviceIdOf(publicKey) !== parsed.data.device) return `revision ${short(rev.id)}: the key given does not belong to device ${parsed.data.device}`;
  if (!verifyMessage(publicKeyFromRaw(publicKey), signatureMessage(rev.id), rev.signature)) {
    return `revision ${short(rev.id)} has a bad signature`;
  }
  return null;
}

export function short(id: string): string {
  return id.slice(0, 12);
}
