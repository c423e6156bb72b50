import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * Real Syncthing instances on this computer, joined into one team: each has its own home
 * (certificate, keys, config.xml, index database), listens on 127.0.0.1 only, knows the
 * others by static address, and shares one send-receive folder with them. Discovery, relays,
 * NAT traversal, usage reporting, crash reporting and upgrades are off, so nothing leaves
 * the machine. The tests drive and watch them through the REST API.
 */
export const teamFolderId = 'vigil-team';

/** What the docs tell teams to put in .stignore: Vigil's own half-written bundles. */
export const recommendedIgnores = '// Vigil writes a bundle under this name, then renames it into place.\n.*.partial\n';

export interface SyncthingInstance {
  name: string;
  home: string;
  /** The synced folder on this device: the team's meeting point. */
  folder: string;
  deviceId: string;
  guiPort: number;
  listenPort: number;
  apiKey: string;
  process: ChildProcess | undefined;
  log: string;
  /** The id of the last event this test has seen from this instance. */
  lastEvent: number;
  /** The long poll of /rest/events under way, if any: one at a time per instance. */
  polling: Promise<void> | undefined;
}

const running = new Set<ChildProcess>();

/** Free TCP ports on 127.0.0.1, held together until all are known so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** config.xml for one instance: every team device with a static address, one shared folder. */
function configXml(self: SyncthingInstance, team: SyncthingInstance[]): string {
  const folderDevices = team.map((d) => `      <device id="${d.deviceId}" introducedBy=""><encryptionPassword></encryptionPassword></device>`).join('\n');
  const devices = team
    .map(
      (d) => `  <device id="${d.deviceId}" name="${escapeXml(d.name)}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
    <address>${d === self ? 'dynamic' : `tcp://127.0.0.1:${d.listenPort}`}</address>
    <paused>false</paused>
    <autoAcceptFolders>false</autoAcceptFolders>
  </device>`,
    )
    .join('\n');
  // A short rescan interval and the watcher are what a team would set; the tests still ask
  // for a scan after each write, so they never depend on either's timing.
  return `<configuration version="36">
  <folder id="${teamFolderId}" label="Vigil team" path="${escapeXml(self.folder)}" type="sendreceive" rescanIntervalS="10" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
    <filesystemType>basic</filesystemType>
${folderDevices}
    <minDiskFree unit="%">0</minDiskFree>
    <versioning></versioning>
    <markerName>.stfolder</markerName>
    <maxConflicts>10</maxConflicts>
    <paused>false</paused>
  </folder>
${devices}
  <gui enabled="true" tls="false" debugging="false">
    <address>127.0.0.1:${self.guiPort}</address>
    <apikey>${self.apiKey}</apikey>
    <theme>default</theme>
  </gui>
  <options>
    <listenAddress>tcp://127.0.0.1:${self.listenPort}</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <urAccepted>-1</urAccepted>
    <urSeen>3</urSeen>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <crashReportingEnabled>false</crashReportingEnabled>
    <startBrowser>false</startBrowser>
    <announceLANAddresses>false</announceLANAddresses>
    <stunKeepaliveStartS>0</stunKeepaliveStartS>
    <reconnectionIntervalS>5</reconnectionIntervalS>
    <setLowPriority>false</setLowPriority>
    <minHomeDiskFree unit="%">0</minHomeDiskFree>
  </options>
</configuration>
`;
}

/**
 * Makes a team of Syncthing devices under `root` and starts them; resolves once every device
 * is connected to every other. Stop them with stopSyncthing, also when a test fails.
 */
export async function startSyncthingTeam(root: string, names: string[]): Promise<SyncthingInstance[]> {
  const ports = await freePorts(names.length * 2);
  const team: SyncthingInstance[] = names.map((name, i) => {
    const home = join(root, `syncthing-${name}`);
    const generated = spawnSync('syncthing', ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing'], { encoding: 'utf8' });
    if (generated.status !== 0) throw new Error(`syncthing generate failed: ${generated.stderr}`);
    // The first <device> of a generated config.xml is the device itself.
    const deviceId = /<device id="([A-Z0-9-]{63})"/.exec(readFileSync(join(home, 'config.xml'), 'utf8'))?.[1];
    if (!deviceId) throw new Error(`no device id in ${home}/config.xml`);
    const folder = join(root, `team-folder-${name}`);
    // The marker tells Syncthing the folder is there on purpose, not an unmounted disk.
    mkdirSync(join(folder, '.stfolder'), { recursive: true });
    writeFileSync(join(folder, '.stignore'), recommendedIgnores);
    return {
      name,
      home,
      folder,
      deviceId,
      guiPort: ports[2 * i]!,
      listenPort: ports[2 * i + 1]!,
      apiKey: randomBytes(16).toString('hex'),
      process: undefined,
      log: '',
      lastEvent: 0,
      polling: undefined,
    };
  });
  for (const device of team) {
    writeFileSync(join(device.home, 'config.xml'), configXml(device, team));
    const child = spawn('syncthing', ['serve', `--home=${device.home}`, '--no-browser', '--no-restart', '--no-upgrade', '--logflags=0'], {
      // No monitor process (STNORESTART): the pid we hold is the one doing the work, so killing it stops everything.
      env: { ...process.env, HOME: device.home, STNORESTART: '1', STNOUPGRADE: '1', STNODEFAULTFOLDER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const keep = (chunk: Buffer) => {
      device.log = (device.log + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    device.process = child;
  }
  await waitFor(team, 'every device running and connected to every other', async () => {
    for (const device of team) {
      const connections = (await rest(device, 'GET', '/rest/system/connections')) as { connections: Record<string, { connected: boolean }> };
      for (const other of team) {
        if (other !== device && !connections.connections[other.deviceId]?.connected) return false;
      }
    }
    return true;
  });
  return team;
}

/** Stops every Syncthing this module started: politely first, then by force. */
export async function stopSyncthing(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

// A test process that dies without its afterAll still takes its Syncthings with it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function rest(device: SyncthingInstance, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${device.guiPort}${path}`, {
    method,
    headers: { 'X-API-Key': device.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${device.name}: ${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Waits until `check` holds, re-checking whenever one of the devices reports an event (a
 * long poll of /rest/events that returns at once when something happens, after a second
 * when nothing does), so the wait is as long as Syncthing takes and never a guessed sleep.
 * Until Syncthing's GUI answers, a refused connection counts as "not yet".
 */
export async function waitFor(team: SyncthingInstance[], what: string, check: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    let lastError: unknown;
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    const stopped = team.find((device) => device.process && (device.process.exitCode !== null || device.process.signalCode !== null));
    if (stopped || Date.now() > deadline) {
      const why = stopped ? `${stopped.name}'s Syncthing stopped` : 'gave up';
      throw new Error(`${why} waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}\n${await describeTeam(team)}`);
    }
    if (lastError) await new Promise((resolve) => setTimeout(resolve, 200));
    else await Promise.race(team.map((device) => (device.polling ??= nextEvents(device).finally(() => (device.polling = undefined)))));
  }
}

async function nextEvents(device: SyncthingInstance): Promise<void> {
  try {
    const events = (await rest(device, 'GET', `/rest/events?since=${device.lastEvent}&timeout=1`)) as { id: number }[];
    for (const event of events) device.lastEvent = Math.max(device.lastEvent, event.id);
  } catch {
    // A device that does not answer is reported by the check that waits on it.
  }
}

/** What each device says about the folder and its peers, and its log's tail: for a failure message. */
async function describeTeam(team: SyncthingInstance[]): Promise<string> {
  const lines: string[] = [];
  for (const device of team) {
    let status: string;
    try {
      status = JSON.stringify(await rest(device, 'GET', `/rest/db/status?folder=${teamFolderId}`));
    } catch (err) {
      status = String(err);
    }
    lines.push(`${device.name} (${device.deviceId.slice(0, 7)}, exit ${device.process?.exitCode ?? 'running'}): ${status}`);
    lines.push(`  files: ${JSON.stringify(Object.fromEntries(folderContents(device.folder)))}`);
    lines.push(`  log: ${device.log.split('\n').slice(-15).join('\n    ')}`);
  }
  return lines.join('\n');
}

/** Names Syncthing gives a file it is still receiving (Unix, Windows); it never sends them on. */
export const syncthingTemporary = /^(\.syncthing\.|~syncthing~).*\.tmp$/;

/**
 * The folder's files by name, with their SHA-256: what the team shares. Syncthing's own
 * marker, ignore file and files in flight stay on their device, so they are left out.
 */
export function folderContents(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder).sort()) {
    if (name === '.stfolder' || name === '.stignore' || syncthingTemporary.test(name)) continue;
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    files.set(name, createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return files;
}

function sameContents(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([name, hash]) => b.get(name) === hash);
}

/**
 * After a change on `source`'s disk: asks `source` to scan now, then waits until every
 * device holds exactly the files `source` holds and Syncthing reports the folder idle, fully
 * in sync, with nothing left to pull, on all of them.
 */
export async function spreadFrom(source: SyncthingInstance, team: SyncthingInstance[]): Promise<Map<string, string>> {
  await rest(source, 'POST', `/rest/db/scan?folder=${teamFolderId}`);
  const expected = folderContents(source.folder);
  await waitFor(team, `${source.name}'s folder (${[...expected.keys()].join(', ')}) to reach every device`, async () => {
    for (const device of team) {
      if (!sameContents(folderContents(device.folder), expected)) return false;
      const status = (await rest(device, 'GET', `/rest/db/status?folder=${teamFolderId}`)) as { state: string; needTotalItems: number; globalFiles: number; inSyncFiles: number };
      if (status.state !== 'idle' || status.needTotalItems !== 0 || status.inSyncFiles !== status.globalFiles) return false;
      const completion = (await rest(device, 'GET', `/rest/db/completion?folder=${teamFolderId}`)) as { completion: number; needItems: number };
      if (completion.completion !== 100 || completion.needItems !== 0) return false;
    }
    return true;
  });
  return expected;
}

/** Writes a file as a copy that stopped part-way would leave it: the first `bytes` of `from`. */
export function writeTruncatedCopy(from: string, to: string, bytes: number): void {
  const whole = readFileSync(from);
  writeFileSync(to, whole.subarray(0, Math.min(bytes, whole.length - 1)));
}
