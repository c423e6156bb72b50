import { canonicalJson, sha256Hex } from './canonical-json.js';
import { deviceIdOf, publicKeyFromRaw, verifyMessage } from './device-identity.js';
import { findPrototypeKey, prototypeKeyRefusal } from './prototype-keys.js';
import { revisionBodySchema, short, signatureMessage, type SignedRevision } from './revision.js';
import type { WireRevision } from './rows.js';
import { definitionKey } from '../shared/schema-parts.js';
import { recordTypes } from '../shared/schemas.js';
import { checkRecordData } from './validate-record.js';

/**
 * Everything about a revision from elsewhere that can be checked without the archive: its
 * structure, that its id is the hash of its content, that the key belongs to its author and
 * the signature is that key's, and that a put's data is valid for its record type. Pure, so
 * that a bundle's revisions can be checked on another thread while the archive writes.
 */
export function checkWireRevision(wire: WireRevision, publicKey: Uint8Array | undefined): { revision: SignedRevision } | { problem: string } {
  const id = String((wire as { id?: unknown }).id);
  const hostile = findPrototypeKey(wire);
  if (hostile) return { problem: `revision ${short(id)} ${prototypeKeyRefusal(hostile)}` };
  const parsed = revisionBodySchema.safeParse(wire.body);
  if (!parsed.success) return { problem: `revision ${short(id)} is malformed: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}` };
  const body = parsed.data;
  const canonical = canonicalJson(body);
  const hash = sha256Hex(canonical);
  if (hash !== id) return { problem: `revision ${short(id)} does not match its content (hash ${short(hash)})` };
  if (!publicKey) return { problem: `revision ${short(id)} is by unknown device ${body.device}` };
  if (deviceIdOf(publicKey) !== body.device) return { problem: `revision ${short(id)}: the key given does not belong to device ${body.device}` };
  const signature = Buffer.from(typeof wire.signature === 'string' ? wire.signature : '', 'base64');
  if (!verifyMessage(publicKeyFromRaw(publicKey), signatureMessage(id), signature)) return { problem: `revision ${short(id)} has a bad signature` };
  if (body.op === 'put') {
    const invalid = checkRecordData(body.type, body.data);
    if (invalid) return { problem: `revision ${short(id)}: ${invalid}` };
  } else if (!(recordTypes as string[]).includes(body.type) && !definitionKey.safeParse(body.type).success) {
    return { problem: `revision ${short(id)}: unknown record type "${body.type}"` };
  }
  return { revision: { id, body, canonical, signature } };
}
