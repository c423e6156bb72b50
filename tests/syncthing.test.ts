import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIdentity } from '../db/bundles/bundle-identity.js';
import type { RecordType } from '../db/shared/schemas.js';
import { openArchive, type Archive } from '../db/store/archive.js';
import { replicaState } from './support/replicas.js';
import { haveCommand, skipWithout } from './support/required-tools.js';
import { vigil, type CliResult } from './support/run-cli.js';
import { folderContents, spreadFrom, startSyncthingTeam, stopSyncthing, writeTruncatedCopy, type SyncthingInstance } from './support/syncthing-cluster.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { viewOfType } from '../db/shared/record-views.js';

/**
 * A team of three syncing through real Syncthing, set up as docs/sync-teams.md says: each
 * member's laptop runs its own Syncthing and its own Vigil archive, and `vigil sync` meets
 * the others in the shared folder. Syncthing carries the files; this suite checks that what
 * Vigil leaves there, and what Syncthing does with it (half-copied files included), ends with
 * every archive holding the same records and the same conflicts.
 */

// Bundles go to the members' own keys (--to), which costs no scrypt per bundle and keeps the
// suite fast; with --to, `vigil sync` asks for no team passphrase.
const env = { VIGIL_PASSPHRASE: passphrase };

interface Member {
  name: string;
  archive: string;
  syncthing: SyncthingInstance;
  /** `<device id>.vigil`: the one file this member's archive writes in the folder. */
  bundle: string;
  recipient: string;
}

function ok(result: CliResult): string {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/**
 * Work on a member's archive through the engine, in this process. Each `vigil` command costs a
 * Node start-up, so the suite keeps the command for what it is about (sync, resolve) and types
 * records the way the app does.
 */
async function inArchive<T>(member: Member, work: (archive: Archive) => T): Promise<T> {
  const archive = await openArchive(member.archive, { passphrase });
  try {
    return work(archive);
  } finally {
    archive.close();
  }
}

const add = (member: Member, type: RecordType, data: object) => inArchive(member, (a) => a.records.create(type, data).id);
const titles = (member: Member) =>
  inArchive(member, (a) =>
    a.records
      .list()
      .map((r) => r.title)
      .sort(),
  );

/** What every replica must agree on, each record's value compared as data rather than as JSON text. */
const stateOf = (member: Member) =>
  inArchive(member, (a) => {
    const state = replicaState(a);
    return { ...state, records: (state.records as { data: string }[]).map((r) => ({ ...r, data: JSON.parse(r.data) as unknown })) };
  });

const rejected = (bundle: string) => new RegExp(`REJECTED ${bundle}: .*(damaged|truncated)`);

describe.skipIf(skipWithout('syncthing', haveCommand('syncthing')))('team sync through real Syncthing', () => {
  let aigerim: Member;
  let bolat: Member;
  let chloe: Member;
  let team: Member[];
  let devices: SyncthingInstance[];

  beforeAll(async () => {
    const root = tempDir('vigil-syncthing-');
    devices = await startSyncthingTeam(root, ['aigerim', 'bolat', 'chloe']);
    team = [];
    for (const device of devices) {
      const { dir, archive } = await newArchive();
      const identity = await bundleIdentity(archive);
      archive.close();
      team.push({ name: device.name, archive: dir, syncthing: device, bundle: `${identity.deviceId}.vigil`, recipient: identity.recipient });
    }
    [aigerim, bolat, chloe] = team as [Member, Member, Member];
  });

  afterAll(stopSyncthing);

  /** `vigil sync` on a member's laptop, addressed to the whole team. */
  function sync(member: Member): CliResult {
    return vigil(['sync', member.archive, member.syncthing.folder, ...team.flatMap((m) => ['--to', m.recipient])], { env });
  }

  /** A sync that went cleanly, then Syncthing carrying its result to everyone. */
  async function syncAndSpread(member: Member): Promise<string> {
    const out = ok(sync(member));
    await spreadFrom(member.syncthing, devices);
    return out;
  }

  let trialId: string;

  it('carries records written on each laptop to every archive', async () => {
    trialId = await add(aigerim, 'trial', { title: 'Shymkent trial of Aigul Akhmetova', status: 'pre-trial' });
    await add(bolat, 'detainee', { title: 'Ruslan Zhaksybekov', status: 'detained' });
    await add(chloe, 'event', { title: 'Dispersal of the strike in Zhanaozen' });

    expect(await syncAndSpread(aigerim)).toContain(`wrote ${aigerim.bundle}`);
    expect(await syncAndSpread(bolat)).toContain(`read ${aigerim.bundle}`);
    const chloeRead = await syncAndSpread(chloe);
    expect(chloeRead).toContain(`read ${aigerim.bundle}`);
    expect(chloeRead).toContain(`read ${bolat.bundle}`);
    // Chloe's bundle now carries all three; Aigerim and Bolat each read it once more.
    await syncAndSpread(aigerim);
    await syncAndSpread(bolat);

    const everything = ['Dispersal of the strike in Zhanaozen', 'Ruslan Zhaksybekov', 'Shymkent trial of Aigul Akhmetova'];
    for (const member of team) expect(await titles(member), member.name).toEqual(everything);
    // One bundle per laptop and nothing else: no half-written bundle left behind, no conflicted copy.
    for (const device of devices) expect([...folderContents(device.folder).keys()]).toEqual(team.map((m) => m.bundle).sort());
  });

  it('shows an edit made on two laptops before they synced as one conflict everywhere; a resolution on a third reaches all', async () => {
    await inArchive(aigerim, (a) => a.records.update(trialId, { status: 'ongoing' }));
    await inArchive(bolat, (a) => a.records.update(trialId, { status: 'verdict' }));
    for (const member of [aigerim, bolat, chloe, aigerim]) await syncAndSpread(member);

    const seen = [];
    for (const member of team) seen.push(await inArchive(member, (a) => a.records.conflicts()));
    expect(seen[0]!.map((c) => c.id)).toEqual([trialId]);
    expect(seen[0]![0]!.leaves.map((l) => l.data?.status).sort()).toEqual(['ongoing', 'verdict']);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);

    // Chloe, who made neither edit, settles it as a person would: from what `vigil conflicts` lists.
    const listed = JSON.parse(ok(vigil(['conflicts', chloe.archive, '--json'], { env }))) as { id: string; leaves: { id: string; data: { status: string } }[] }[];
    const verdict = listed[0]!.leaves.find((l) => l.data.status === 'verdict')!.id;
    ok(vigil(['resolve', chloe.archive, trialId, '--pick', verdict], { env }));
    for (const member of [chloe, aigerim, bolat]) await syncAndSpread(member);

    for (const member of team) {
      const trial = await inArchive(member, (a) => ({ conflicts: a.records.conflicts(), status: viewOfType(a.records.get(trialId), 'trial').data.status }));
      expect(trial, member.name).toEqual({ conflicts: [], status: 'verdict' });
    }
  });

  it('ignores a bundle still under Syncthing\u2019s temporary name, skips a truncated one without stopping, and reads it once it is whole', async () => {
    await add(bolat, 'note', { title: 'Access refused at the door' });
    await syncAndSpread(bolat);
    const bolatsCopy = join(bolat.syncthing.folder, bolat.bundle);
    const wholeSize = readFileSync(bolatsCopy).length;

    // What Syncthing leaves while it is still receiving a file: the first part under its own temporary name.
    writeTruncatedCopy(bolatsCopy, join(chloe.syncthing.folder, `.syncthing.${bolat.bundle}.tmp`), Math.floor(wholeSize / 2));

    // Aigerim copies Bolat's bundle in by hand from a stick pulled out half-way. Syncthing
    // takes the cut-short file for a newer version and carries it to everyone, Bolat included.
    writeTruncatedCopy(bolatsCopy, join(aigerim.syncthing.folder, bolat.bundle), Math.floor(wholeSize / 2));
    await spreadFrom(aigerim.syncthing, devices);
    expect(readFileSync(bolatsCopy).length).toBeLessThan(wholeSize);

    // Aigerim keeps working: her sync reports the damaged bundle and still writes her own.
    await add(aigerim, 'hearing', { title: 'Hearing of 12 April 2022' });
    const aigerimRun = sync(aigerim);
    expect(aigerimRun.status).toBe(3);
    expect(aigerimRun.stdout).toMatch(rejected(bolat.bundle));
    expect(aigerimRun.stdout).toContain(`wrote ${aigerim.bundle}`);
    await spreadFrom(aigerim.syncthing, devices);

    // Chloe's sync skips the damaged bundle, reads the rest and writes her own; the temporary file is no bundle at all.
    const chloeRun = sync(chloe);
    expect(chloeRun.status).toBe(3);
    expect(chloeRun.stdout).toMatch(rejected(bolat.bundle));
    expect(chloeRun.stdout).toMatch(new RegExp(`read ${aigerim.bundle}.*: 1 new`));
    expect(chloeRun.stdout).toContain(`wrote ${chloe.bundle}`);
    expect(chloeRun.stdout).not.toContain('.syncthing.');
    expect(await titles(chloe)).toContain('Hearing of 12 April 2022');
    expect(await titles(chloe)).not.toContain('Access refused at the door');
    await spreadFrom(chloe.syncthing, devices);

    // The same damaged file again: remembered by its content, reported, not read, and no longer a failure.
    const chloeAgain = sync(chloe);
    expect(chloeAgain.status).toBe(0);
    expect(chloeAgain.stdout).toContain(`skipped ${bolat.bundle}, still damaged as last time`);
    expect(chloeAgain.stdout).not.toContain(`read ${bolat.bundle}`);
    expect(chloeAgain.stdout).not.toContain('.syncthing.');

    // Bolat has nothing new, but the copy of his bundle in the folder is not the one he wrote:
    // his sync writes it again, and Syncthing replaces the cut-short copy everywhere.
    expect(await syncAndSpread(bolat)).toContain(`wrote ${bolat.bundle}`);
    expect(readFileSync(join(chloe.syncthing.folder, bolat.bundle)).length).toBeGreaterThanOrEqual(wholeSize);
    expect(await syncAndSpread(chloe)).toMatch(new RegExp(`read ${bolat.bundle}.*: 1 new`));

    await add(bolat, 'note', { title: 'Interpreter missing for an hour' });
    expect(await syncAndSpread(bolat)).toContain(`wrote ${bolat.bundle}`);
    const chloeWhole = await syncAndSpread(chloe);
    expect(chloeWhole).toMatch(new RegExp(`read ${bolat.bundle}.*: 1 new`));
    await syncAndSpread(aigerim);
    await syncAndSpread(bolat);
    // No Syncthing conflict copies: the cut-short file was replaced, not set aside.
    for (const device of devices) expect([...folderContents(device.folder).keys()], device.name).toEqual(team.map((m) => m.bundle).sort());
  });

  it('ends with the same records, revisions and conflicts in every archive', async () => {
    const [first, ...others] = await Promise.all(team.map(stateOf));
    expect(first!.records).toHaveLength(6);
    expect(first!.conflicts).toEqual([]);
    for (const state of others) expect(state).toEqual(first);
  });
});
