import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { Stanza, type Identity, type Recipient } from 'age-encryption';
import { VigilError } from '../errors.js';

/**
 * A team passphrase as age's scrypt recipient stanza (age-encryption.org/v1/scrypt), worked
 * with Node's native scrypt: twice as fast as age-encryption's JavaScript one, and on libuv's
 * thread pool rather than the engine's thread. The bytes are age's own: `age -p` and `age -d`
 * read what this writes, and this reads theirs.
 */
const label = 'age-encryption.org/v1/scrypt';

/** The work factor (log2 N) Vigil writes: age's default, about a second on a laptop. */
export const defaultScryptWorkFactor = 18;
/**
 * The most a bundle may ask for. scrypt runs before anything in the bundle is authenticated, so
 * a header asking for 2^20 would cost a gigabyte and half a minute with no key at all.
 */
export const maxScryptWorkFactor = 18;
/** As the interface asks of a team passphrase: the engine refuses a shorter one too. */
export const minBundlePassphraseLength = 8;

export function checkBundlePassphrase(passphrase: string): void {
  if ([...passphrase.normalize('NFC')].length < minBundlePassphraseLength) {
    throw new VigilError('invalid_argument', `a team passphrase must have at least ${minBundlePassphraseLength} characters`);
  }
}

export class BundlePassphraseRecipient implements Recipient {
  readonly #passphrase: string;
  readonly #logN: number;

  constructor(passphrase: string, logN = defaultScryptWorkFactor) {
    if (!Number.isInteger(logN) || logN < 10 || logN > maxScryptWorkFactor) {
      throw new VigilError('invalid_argument', `the scrypt work factor is from 10 to ${maxScryptWorkFactor}`);
    }
    this.#passphrase = passphrase;
    this.#logN = logN;
  }

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await deriveKey(this.#passphrase, salt, this.#logN);
    const cipher = createCipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
    const body = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
    key.fill(0);
    return [new Stanza(['scrypt', unpadded(salt), String(this.#logN)], body)];
  }
}

export class BundlePassphraseIdentity implements Identity {
  readonly #passphrase: string;

  constructor(passphrase: string) {
    this.#passphrase = passphrase;
  }

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((s) => s.args[0] === 'scrypt');
    if (!stanza) return null;
    // age's rules: the only stanza, a 16-byte salt in canonical base64, a plain decimal work factor.
    if (stanzas.length !== 1) throw new VigilError('damaged', 'the bundle cannot be opened: its header is damaged (a passphrase with other recipients)');
    const [, saltText = '', logText = ''] = stanza.args;
    const salt = Buffer.from(saltText, 'base64');
    if (stanza.args.length !== 3 || salt.length !== 16 || unpadded(salt) !== saltText || !/^[1-9][0-9]?$/.test(logText) || stanza.body.length !== 32) {
      throw new VigilError('damaged', 'the bundle cannot be opened: its header is damaged');
    }
    const logN = Number(logText);
    if (logN > maxScryptWorkFactor) {
      throw new VigilError('damaged', `the bundle asks for 2^${logN} scrypt work to open, and Vigil opens at most 2^${maxScryptWorkFactor} (what it and age write): refused`);
    }
    const key = await deriveKey(this.#passphrase, salt, logN);
    try {
      const decipher = createDecipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
      decipher.setAuthTag(stanza.body.subarray(16));
      return new Uint8Array(Buffer.concat([decipher.update(stanza.body.subarray(0, 16)), decipher.final()]));
    } catch {
      // Not this passphrase: age-encryption then says no identity matched.
      return null;
    } finally {
      key.fill(0);
    }
  }
}

function deriveKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(Buffer.from(passphrase, 'utf8'), Buffer.concat([Buffer.from(label, 'utf8'), salt]), 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
