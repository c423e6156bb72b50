import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A device's Ed25519 identity. The device id is derived from the public key (the first 128
 * bits of its SHA-256), so a revision's author cannot be paired with someone else's key.
 */
export interface DeviceKeyPair {
  deviceId: string;
  publicKey: Buffer;
  privateKeyDer: Buffer;
}

export const deviceIdPattern = /^[0-9a-f]{32}$/;

export function generateDeviceKeyPair(): DeviceKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return {
    deviceId: deviceIdOf(raw),
    publicKey: raw,
    privateKeyDer: privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

export function deviceIdOf(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 32);
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

export function privateKeyFromDer(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

const publicKeyCache = new Map<string, KeyObject>();

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  const hex = Buffer.from(raw).toString('hex');
  let key = publicKeyCache.get(hex);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
    if (publicKeyCache.size > 10_000) publicKeyCache.clear();
    publicKeyCache.set(hex, key);
  }
  return key;
}

export function signMessage(privateKey: KeyObject, message: Uint8Array): Buffer {
  return sign(null, message, privateKey);
}

/** Signs on libuv's thread pool, so that signing many revisions overlaps with other work. */
export function signMessageAsync(privateKey: KeyObject, message: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => sign(null, message, privateKey, (err, signature) => (err ? reject(err) : resolve(signature))));
}

export function verifyMessage(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}
