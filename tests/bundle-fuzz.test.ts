import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIdentity } from '../db/bundles/bundle-identity.js';
import { importBundle } from '../db/bundles/read-bundle.js';
import { exportBundle } from '../db/bundles/write-bundle.js';
import { isVigilError } from '../db/errors.js';
import { createArchive, type Archive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { ageIdentityOf } from './support/bundle-parts.js';
import { vigil } from './support/run-cli.js';
import { fastKdf, newArchive, passphrase, tempDir } from './support/temp-archive.js';

/**
 * Thousands of damaged copies of one real bundle (flipped bits, overwritten runs, cuts,
 * insertions, deletions, moved blocks), seeded so a failure can be replayed. Half are damaged
 * as files are, after encryption (age's authentication refuses them, and the header is aimed
 * at too); half are damaged before it and encrypted again, as a buggy or hostile peer would
 * send them, so that the tar, the manifest, the signatures and the revisions are what refuses
 * them. Each must be refused with a one-line reason and change nothing; none may end the
 * process, as a chunk pushed into a closed stream once did for one mutant in forty.
 */
const mutants = 2000;
const seed = 20261207;

/** mulberry32: small, seeded, good enough to place mutations. */
function generator(start: number): (below: number) => number {
  let state = start >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

function mutate(good: Buffer, random: (below: number) => number, options: { near?: number } = {}): { bytes: Buffer; how: string } {
  const at = random(options.near ?? good.length);
  switch (random(6)) {
    case 0:
    case 1: {
      const bytes = Buffer.from(good);
      const bit = random(8);
      bytes[at]! ^= 1 << bit;
      return { bytes, how: `bit ${bit} of byte ${at} flipped` };
    }
    case 2: {
      const bytes = Buffer.from(good);
      const length = 1 + random(64);
      for (let i = 0; i < length && at + i < bytes.length; i++) bytes[at + i] = random(256);
      return { bytes, how: `${length} bytes overwritten at ${at}` };
    }
    case 3:
      return { bytes: good.subarray(0, at), how: `cut to ${at} bytes` };
    case 4: {
      const length = 1 + random(100);
      return random(2)
        ? { bytes: Buffer.concat([good.subarray(0, at), randomBytes(length), good.subarray(at)]), how: `${length} bytes inserted at ${at}` }
        : { bytes: Buffer.concat([good.subarray(0, at), good.subarray(at + length)]), how: `${length} bytes deleted at ${at}` };
    }
    default: {
      // A block copied over another, as a bad sector or a careless tool would.
      const from = random(good.length);
      const length = Math.min(1 + random(70_000), good.length - Math.max(at, from));
      const bytes = Buffer.from(good);
      good.copy(bytes, at, from, from + length);
      return bytes.equals(good) ? { bytes: good.subarray(0, good.length - 1), how: 'last byte cut' } : { bytes, how: `${length} bytes from ${from} copied to ${at}` };
    }
  }
}

describe('damaged bundles (fuzz)', () => {
  let sender: Archive;
  let receiver: Archive;
  let good: Buffer;
  let plainTar: Buffer;
  let recipient: string;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    sender = (await newArchive()).archive;
    receiver = (await newArchive()).archive;
    for (let i = 0; i < 40; i++) sender.records.create('note', { title: `Note ${i}`, text: `The defendant said he was held without counsel. ${'word '.repeat(200 + i)}` });
    // Attachments make the bundle span many of age's 64 KiB chunks and tar's blob entries.
    const record = sender.records.create('detainee', { title: 'Akhmetova', status: 'detained' });
    for (const size of [150_000, 90_000]) {
      const file = join(tempDir(), `scan-${size}.bin`);
      writeFileSync(file, randomBytes(size));
      const blob = await sender.attachments.putFile(file);
      sender.records.attach(record.id, { sha256: blob.sha256, name: `scan-${size}.bin`, size: blob.size });
    }
    const out = join(tempDir(), 'good.vigil');
    recipient = (await bundleIdentity(receiver)).recipient;
    await exportBundle(sender, { out, all: true, to: [recipient] });
    good = readFileSync(out);
    const decrypter = new Decrypter();
    decrypter.addIdentity(ageIdentityOf(receiver));
    plainTar = Buffer.from(await decrypter.decrypt(good));
  });

  afterAll(() => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    sender?.close();
    receiver?.close();
  });

  it(`refuses ${mutants} mutants of a bundle with one line each and changes nothing`, async () => {
    expect(good.length).toBeGreaterThan(4 * 65_536);
    const random = generator(seed);
    const path = join(tempDir(), 'mutant.vigil');
    const counts = () =>
      receiver.db
        .prepare("SELECT (SELECT count(*) FROM revisions) || '/' || (SELECT count(*) FROM records) || '/' || (SELECT count(*) FROM blobs) || '/' || (SELECT count(*) FROM audit)")
        .pluck()
        .get();
    const before = counts();
    const reasons = new Map<string, number>();
    for (let i = 0; i < mutants; i++) {
      const where = random(4);
      let bytes: Buffer;
      let how: string;
      if (where === 0) ({ bytes, how } = mutate(good, random));
      else if (where === 1) ({ bytes, how } = mutate(good, random, { near: 400 }));
      else {
        const damaged = mutate(plainTar, random);
        const encrypter = new Encrypter();
        encrypter.addRecipient(recipient);
        bytes = Buffer.from(await encrypter.encrypt(damaged.bytes));
        how = `inside: ${damaged.how}`;
      }
      writeFileSync(path, bytes);
      const outcome = await importBundle(receiver, path).then(
        () => null,
        (err: unknown) => err,
      );
      expect(outcome, `mutant ${i} (${how}) was imported`).not.toBeNull();
      expect(isVigilError(outcome), `mutant ${i} (${how}): ${String(outcome)}`).toBe(true);
      const { code, message } = outcome as { code: string; message: string };
      expect(['damaged', 'invalid_argument'], `mutant ${i} (${how}): ${code}: ${message}`).toContain(code);
      expect(message, `mutant ${i} (${how})`).not.toMatch(/\n/);
      expect(message.length).toBeLessThan(300);
      expect(receiver.db.inTransaction, `mutant ${i} (${how}) left a transaction open`).toBe(false);
      const reason = message.replace(/[0-9a-f]{12,}|\d+/g, '#');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      if (uncaught.length) throw new Error(`mutant ${i} (${how}) raised an uncaught error: ${String(uncaught[0])}`);
    }
    expect(counts()).toBe(before);
    expect(verifyArchive(receiver).ok).toBe(true);
    // The good bundle still imports after all that.
    writeFileSync(path, good);
    expect(await importBundle(receiver, path)).toMatchObject({ new: 41 });
    // Damage is refused for what it broke, not with one catch-all, and in words for people.
    expect(reasons.size, [...reasons.keys()].join(' | ')).toBeGreaterThan(10);
    for (const reason of reasons.keys()) expect(reason).not.toMatch(/HMAC|stanza|tag\b|Allowed:|padding|tar header/);
  });

  it('refuses damaged bundles through `vigil bundle import` with exit 3 and one line', async () => {
    const random = generator(seed + 1);
    const dir = join(tempDir(), 'cli-archive');
    const made = await createArchive(dir, passphrase, { kdf: fastKdf });
    const to = (await bundleIdentity(made.archive)).recipient;
    made.archive.close();
    const out = join(tempDir(), 'for-cli.vigil');
    await exportBundle(sender, { out, all: true, to: [to] });
    const bundle = readFileSync(out);
    for (let i = 0; i < 12; i++) {
      const { bytes, how } = mutate(bundle, random, i % 3 === 0 ? { near: 400 } : {});
      const path = join(tempDir(), `mutant-${i}.vigil`);
      writeFileSync(path, bytes);
      const run = vigil(['bundle', 'import', dir, path], { env: { VIGIL_PASSPHRASE: passphrase } });
      expect(run.status, `${how}: ${run.stderr}`).toBe(3);
      expect(run.stderr, how).toMatch(/^vigil: [^\n]+\n$/);
    }
  });
});
