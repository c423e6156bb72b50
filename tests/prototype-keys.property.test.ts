import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIdentity } from '../db/bundles/bundle-identity.js';
import { findPrototypeKey, findPrototypeKeyInJson } from '../db/records/prototype-keys.js';
import { createEngine, type ArgsOf, type Engine, type MethodName, type ResultOf } from '../db/service.js';
import type { Archive } from '../db/store/archive.js';
import { bundleOfRevisions, sealAs } from './support/bundle-parts.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';

/**
 * A peer's signed revision, a request or an imported cell that names `__proto__`,
 * `constructor` or `prototype` must never reach an object's prototype: once it did, and every
 * team-passphrase bundle after it was encrypted to the attacker. Hostile data goes in through
 * every door (a bundle, the contract, a merge), then the victim edits, attaches, resolves and
 * exports as usual, all in this one process; the prototypes must be as they were and the
 * bundle encrypted to the team passphrase alone.
 */
const prototypesOf = () => [Object, Array, Function, String, Number, Boolean].map((c) => Object.getOwnPropertyNames(c.prototype).sort().join(','));

const keys = ['__proto__', 'constructor', 'prototype'] as const;
const places = ['top', 'health', 'birth', 'arrests', 'names'] as const;

/** Record data holding `key` at `place`, parsed from JSON as a bundle or request would be. */
const escape = (key: string) => [...key].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

function hostileText(key: string, place: (typeof places)[number], payload: string, escaped: boolean): string {
  const name = escaped ? escape(key) : key;
  const hostile = `{"${name}":${payload}}`;
  const at = (inner: string) => {
    switch (place) {
      case 'top':
        return `{"title":"Hostile","${name}":${payload}}`;
      case 'health':
      case 'birth':
        return `{"title":"Hostile","${place}":${inner}}`;
      case 'arrests':
        return `{"title":"Hostile","arrests":[${inner}]}`;
      case 'names':
        return `{"title":"Hostile","names":[{"name":"X","extra":${inner}}]}`;
    }
  };
  return at(hostile);
}

describe('keys that name a prototype', () => {
  let attacker: Archive;
  let victimDir: string;
  let engine: Engine;
  let attackerRecipient: string;
  let victimRecipient: string;
  let letter: string;
  const pristine = prototypesOf();

  beforeAll(async () => {
    const a = await newArchive();
    attacker = a.archive;
    attackerRecipient = (await bundleIdentity(attacker)).recipient;
    const v = await newArchive();
    victimRecipient = (await bundleIdentity(v.archive)).recipient;
    v.archive.records.create('detainee', { title: 'Akhmetova', status: 'detained' });
    v.archive.close();
    victimDir = v.dir;
    engine = createEngine({ checkResults: true });
    const opened = await engine.call('archive.open', { dir: victimDir, passphrase });
    expect(opened.ok).toBe(true);
    letter = join(tempDir(), 'letter.txt');
    writeFileSync(letter, 'A letter from prison.');
  });

  afterAll(() => {
    engine?.shutdown();
    attacker?.close();
  });

  it('are found at any depth, spelt plainly or with \\u escapes', () => {
    expect(findPrototypeKey(JSON.parse('{"a":[{"b":{"__proto__":{}}}]}'))).toBe('a[0].b.__proto__');
    expect(findPrototypeKey(JSON.parse('{"a":{"constructor":{"prototype":1}}}'))).toBe('a.constructor');
    const escaped = '{"x":{"\\u005f\\u005fproto\\u005f\\u005f":{"to":1}}}';
    expect(findPrototypeKeyInJson(escaped, JSON.parse(escaped))).toBe('x.__proto__');
    expect(findPrototypeKey(JSON.parse('{"title":"protocol","prototypes":["constructors"]}'))).toBeNull();
  });

  it('never reach a prototype, through import, edit and export in one process', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), fc.constantFrom(...places), fc.boolean(), fc.constantFrom('to', 'prototype'), async (key, place, escaped, shape) => {
        const payload = shape === 'to' ? `{"to":["${attackerRecipient}"],"polluted":true}` : `{"prototype":{"to":["${attackerRecipient}"]}}`;
        const text = hostileText(key, place, payload, escaped);
        const data = JSON.parse(text) as Record<string, unknown>;
        const before = await call('records.list', {});

        // A peer's bundle, sealed with the peer's real key.
        const revision = sealAs(attacker, { record: randomUUID(), type: 'detainee', op: 'put', parents: [], hlc: { time: Date.now(), count: 0 }, data });
        const bundle = join(tempDir(), 'hostile.vigil');
        // Spelt in \u escapes the key parses, hashes and verifies exactly as written plainly.
        await bundleOfRevisions(attacker, [revision], victimRecipient, bundle, escaped ? { spell: (line) => line.replaceAll(`"${key}":`, `"${escape(key)}":`) } : {});
        const imported = await engine.call('bundle.import', { path: bundle });

        // The contract, as IPC, HTTP and the CLI reach it, and a merge of wire revisions.
        const created = await engine.call('records.create', { type: 'detainee', data });
        const patched = await engine.call('records.update', { id: before.records[0]!.id, patch: JSON.parse(`{"health":${text}}`) as Record<string, unknown> });
        const merged = await engine.call('revisions.merge', {
          revisions: [{ id: revision.id, body: JSON.parse(revision.canonical) as Record<string, unknown>, signature: revision.signature.toString('base64') }],
          devices: [{ deviceId: attacker.deviceId, publicKey: attacker.devicePublicKey().toString('base64') }],
        });

        // What a monitor then does with every record: edit it, attach a file, resolve conflicts.
        for (const record of (await call('records.list', {})).records) {
          await call('records.update', { id: record.id, patch: { summary: `checked ${Date.now()}` } });
          await call('attachments.add', { recordId: record.id, path: letter });
        }
        for (const conflict of await call('records.conflicts', {})) await call('records.resolve', { id: conflict.id, pick: conflict.leaves[0]!.id });
        const out = join(tempDir(), 'team.vigil');
        await call('bundle.export', { out, all: true, passphrase: 'the team passphrase', scryptWorkFactor: 10 });

        expect(prototypesOf()).toEqual(pristine);
        expect(({} as Record<string, unknown>).to).toBeUndefined();
        expect(stanzasOf(out), 'the bundle is for the team passphrase and no one else').toEqual(['scrypt']);
        // Each door refused the hostile data and nothing of it was written.
        expect(imported.ok || imported.error.code).toBe('damaged');
        expect([created.ok, patched.ok, merged.ok]).toEqual([false, false, false]);
        expect((await call('records.list', {})).records.map((r) => r.id)).toEqual(before.records.map((r) => r.id));
      }),
      { numRuns: 30, seed: 1307 },
    );
  });

  async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
    const reply = await engine.call(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.value;
  }
});

/** The kinds of the age header's recipient stanzas ("-> scrypt", "-> X25519"). */
function stanzasOf(path: string): string[] {
  const head = readFileSync(path).subarray(0, 4096).toString('latin1');
  const header = head.slice(0, head.indexOf('\n---'));
  return header
    .split('\n')
    .filter((line) => line.startsWith('-> '))
    .map((line) => line.split(' ')[1]!);
}
