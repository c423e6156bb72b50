import { open } from 'node:fs/promises';
import { bundleKeyKind } from '../db/bundles/bundle-format.js';
import { CommandFailed, call, list, passphraseFile, print, printJson, recordTypeArg, withArchive, type Command, type Options } from './command-support.js';
import { promptHidden } from './secrets.js';
import { UsageError } from './usage-error.js';

/** The team passphrase for bundles: VIGIL_BUNDLE_PASSPHRASE, or typed at a hidden prompt (twice when it locks a new bundle). */
async function bundlePassphrase(confirm: boolean): Promise<string> {
  const env = process.env.VIGIL_BUNDLE_PASSPHRASE;
  if (env) return env;
  const hint = 'set VIGIL_BUNDLE_PASSPHRASE';
  const first = await promptHidden('Team passphrase for bundles: ', hint);
  if (confirm && (await promptHidden('Repeat the team passphrase: ', hint)) !== first) throw new UsageError('the two passphrases differ');
  return first;
}

export const identityCommand: Command = {
  usage: 'vigil identity DIR [--json]',
  summary: 'show this archive\u2019s device id, key fingerprint and age recipient (give the recipient to teammates)',
  options: { json: { type: 'boolean' }, ...passphraseFile },
  positionals: [1, 1],
  async run([dir], options) {
    const identity = await withArchive(dir!, options, (engine) => call(engine, 'bundle.identity', {}));
    if (options.json) printJson(identity);
    else print(`device       ${identity.deviceId}\nfingerprint  ${identity.fingerprint}\nrecipient    ${identity.recipient}`);
  },
};

export const bundleCommand: Command = {
  usage:
    'vigil bundle export DIR --out FILE [--all | --since-last PEER] [--type T]... [--tag T]... [--max-sensitivity LEVEL] [--to RECIPIENT]...  |  vigil bundle import DIR FILE [--require-known-device] [--json]',
  summary: 'write a signed, encrypted bundle for the team, or merge one received',
  options: {
    out: { type: 'string' },
    all: { type: 'boolean' },
    'since-last': { type: 'string' },
    type: { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
    'max-sensitivity': { type: 'string' },
    to: { type: 'string', multiple: true },
    'require-known-device': { type: 'boolean' },
    json: { type: 'boolean' },
    ...passphraseFile,
  },
  positionals: [2, 3],
  async run([action, dir, file], options) {
    if (action === 'export') return exportAction(dir!, file, options);
    if (action === 'import') return importAction(dir!, file, options);
    throw new UsageError('expected "vigil bundle export …" or "vigil bundle import …"');
  },
};

async function exportAction(dir: string, extra: string | undefined, options: Options): Promise<void> {
  if (extra !== undefined) throw new UsageError('bundle export takes the archive folder and --out FILE');
  const out = options.out as string | undefined;
  if (!out) throw new UsageError('bundle export needs --out FILE');
  if (options.all && options['since-last']) throw new UsageError('--all and --since-last exclude each other');
  const level = options['max-sensitivity'] as string | undefined;
  if (level !== undefined && !['public', 'restricted', 'confidential'].includes(level)) {
    throw new UsageError('--max-sensitivity is public, restricted or confidential');
  }
  const types = list(options.type).map(recordTypeArg);
  const to = list(options.to);
  const passphrase = to.length ? undefined : await bundlePassphrase(!process.env.VIGIL_BUNDLE_PASSPHRASE);
  const result = await withArchive(dir, options, (engine) =>
    call(engine, 'bundle.export', {
      out,
      ...(options.all ? { all: true } : {}),
      ...(options['since-last'] ? { peer: options['since-last'] as string } : {}),
      ...(types.length ? { types } : {}),
      ...(list(options.tag).length ? { tags: list(options.tag) } : {}),
      ...(level ? { maxSensitivity: level as 'public' | 'restricted' | 'confidential' } : {}),
      ...(to.length ? { to } : { passphrase: passphrase! }),
    }),
  );
  if (options.json) printJson(result);
  else
    print(
      `wrote ${result.file}: ${result.revisions} revision${result.revisions === 1 ? '' : 's'}, ${result.blobs} attachment${result.blobs === 1 ? '' : 's'}, ${result.bytes} bytes, encrypted ${to.length ? `to ${to.length} recipient${to.length === 1 ? '' : 's'}` : 'to the team passphrase'}`,
    );
}

async function importAction(dir: string, file: string | undefined, options: Options): Promise<void> {
  if (!file) throw new UsageError('bundle import takes the archive folder and the bundle file');
  const passphrase = (await keyKindOf(file)) === 'passphrase' ? await bundlePassphrase(false) : undefined;
  const summary = await withArchive(dir, options, (engine) =>
    call(engine, 'bundle.import', { path: file, ...(passphrase ? { passphrase } : {}), ...(options['require-known-device'] ? { requireKnownDevice: true } : {}) }),
  );
  if (options.json) {
    const { new: added, updated, conflicts, unchanged, device, fingerprint } = summary;
    printJson({
      new: added,
      updated,
      conflicts,
      unchanged,
      device,
      fingerprint,
      newDevice: summary.newDevice,
      newDevices: summary.newDevices,
      bundleId: summary.bundleId,
      revisions: summary.revisions,
      blobs: summary.blobs,
    });
    return;
  }
  printNewDevices(summary);
  print(
    `merged: ${summary.new} new, ${summary.updated} updated, ${summary.conflicts} in conflict, ${summary.unchanged} unchanged; ${summary.revisions.added} of ${summary.revisions.received} revisions and ${summary.blobs.added} of ${summary.blobs.received} attachments were new`,
  );
}

/** Each device seen for the first time, by the fingerprint its owner can read out to check it. */
function printNewDevices(summary: { device: string; newDevices: { deviceId: string; fingerprint: string }[] }): void {
  for (const d of summary.newDevices) {
    const role = d.deviceId === summary.device ? 'made this bundle' : 'wrote revisions it carries';
    print(`new device ${d.fingerprint} ${role}: check the fingerprint with its owner`);
  }
}

async function keyKindOf(file: string): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const head = new Uint8Array(512);
      const { bytesRead } = await handle.read(head, 0, 512, 0);
      return bundleKeyKind(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    // The engine reports an unreadable file with its own words.
    return 'unknown';
  }
}

export const syncCommand: Command = {
  usage: 'vigil sync DIR FOLDER [--to RECIPIENT]... [--json]',
  summary: 'read every other device\u2019s bundle in FOLDER (a USB stick, a Syncthing folder), then write this device\u2019s own there',
  options: { to: { type: 'string', multiple: true }, json: { type: 'boolean' }, ...passphraseFile },
  positionals: [2, 2],
  async run([dir, folder], options) {
    const to = list(options.to);
    // Bundles for members' keys need no team passphrase; one is used only if given, to read passphrase bundles too.
    const passphrase = to.length ? process.env.VIGIL_BUNDLE_PASSPHRASE || undefined : await bundlePassphrase(false);
    const result = await withArchive(dir!, options, (engine) =>
      call(engine, 'bundle.sync', { folder: folder!, ...(passphrase ? { passphrase } : {}), ...(to.length ? { to } : {}) }),
    );
    if (options.json) printJson(result);
    else {
      for (const i of result.imported) {
        printNewDevices(i);
        print(`read ${i.file}: ${i.new} new, ${i.updated} updated, ${i.conflicts} in conflict`);
      }
      for (const u of result.unchanged) print(`unchanged since last time: ${u}`);
      for (const r of result.rejected) print(`REJECTED ${r.file}: ${r.error}`);
      for (const r of result.stillDamaged) print(`skipped ${r.file}, still damaged as last time: ${r.error}`);
      for (const name of result.ignored) print(`not read: ${name} (only files named after a device, <device id>.vigil, are read; a conflicted copy, or a file copied in by hand?)`);
      print(result.wrote ? `wrote ${result.wrote.file}: ${result.wrote.revisions} revisions, ${result.wrote.blobs} attachments` : 'this device\u2019s bundle there is up to date');
    }
    if (result.rejected.length) throw new CommandFailed(`${result.rejected.length} bundle${result.rejected.length === 1 ? ' was' : 's were'} rejected`, 3);
  },
};
