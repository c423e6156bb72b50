import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Encrypter } from 'age-encryption';
import { bundleIdentity } from '../db/bundles/bundle-identity.js';
import { importBundle } from '../db/bundles/read-bundle.js';
import { exportBundle } from '../db/bundles/write-bundle.js';
import { createArchive, openArchive } from '../db/store/archive.js';
import { seededRandom, syntheticRecord } from './synthetic-records.js';

/**
 * `npm run bench:bundle`: an archive of N records with attachments totalling M MB is
 * written to a bundle and that bundle read into a new archive, each in a process of its own
 * so that its peak memory is its own. Prints revisions/s and MB/s each way and peak RSS,
 * against baselines run here: age encrypting the same number of bytes with nothing else, and
 * Ed25519 checking as many signatures.
 */
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    'attachments-mb': { type: 'string', default: '1000' },
    // Internal: one step in a child process.
    step: { type: 'string' },
    dir: { type: 'string' },
  },
});
const passphrase = 'benchmark passphrase';

if (values.step) {
  await runStep(values.step, values.dir!);
  process.exit(0);
}

async function runStep(step: string, dir: string): Promise<void> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const [action, part] = step.split(':') as ['export' | 'import', string];
  const bundle = join(dir, `${part}.vigil`);
  let detail: Record<string, unknown>;
  if (action === 'export') {
    const archive = await openArchive(join(dir, 'a'), { passphrase });
    const b = await openArchive(join(dir, 'b'), { passphrase });
    const recipient = (await bundleIdentity(b)).recipient;
    b.close();
    const start = performance.now();
    // The same peer both times: the second bundle holds only what came after the first.
    const out = await exportBundle(archive, { out: bundle, peer: 'benchmark', to: [recipient] });
    detail = { seconds: (performance.now() - start) / 1000, revisions: out.revisions, blobs: out.blobs, bytes: out.bytes };
    archive.close();
  } else {
    const archive = await openArchive(join(dir, 'b'), { passphrase });
    const start = performance.now();
    const summary = await importBundle(archive, bundle);
    detail = { seconds: (performance.now() - start) / 1000, revisions: summary.revisions.added, blobs: summary.blobs.added, bytes: statSync(bundle).size };
    archive.close();
  }
  clearInterval(sampler);
  console.log(JSON.stringify({ ...detail, peakRssMb: peak / 1e6 }));
}

function child(step: string, dir: string): Record<string, number> {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--step', step, '--dir', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`the ${step} step failed (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

const records = Number(values.records);
const attachmentMb = Number(values['attachments-mb']);
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-bundle-'));
try {
  process.stderr.write(`making an archive of ${records} records and ${attachmentMb} MB of attachments…\n`);
  const { archive } = await createArchive(join(dir, 'a'), passphrase);
  (await createArchive(join(dir, 'b'), passphrase)).archive.close();
  const random = seededRandom(5);
  const attachmentSize = 5 * 1024 * 1024;
  const attachmentCount = Math.ceil((attachmentMb * 1e6) / attachmentSize);
  const ids: string[] = [];
  for (let from = 0; from < records; from += 5000) {
    const batch = Array.from({ length: Math.min(5000, records - from) }, (_, i) => syntheticRecord(from + i, random));
    ids.push(...archive.records.createMany(batch).map((r) => r.id));
  }
  archive.close();
  const recordsOut = child('export:records', dir);
  const recordsIn = child('import:records', dir);

  const again = await openArchive(join(dir, 'a'), { passphrase });
  const file = join(dir, 'attachment.bin');
  for (let i = 0; i < attachmentCount; i++) {
    writeFileSync(file, randomBytes(attachmentSize));
    const blob = await again.attachments.putFile(file);
    again.records.attach(ids[(i * 7919) % ids.length]!, { sha256: blob.sha256, name: `scan-${i}.pdf`, size: blob.size });
  }
  rmSync(file);
  again.close();
  const blobsOut = child('export:attachments', dir);
  const blobsIn = child('import:attachments', dir);

  // Baselines in this process: age alone over as many bytes, Ed25519 alone over as many signatures.
  const totalBytes = attachmentCount * attachmentSize;
  const chunk = randomBytes(16 * 1024 * 1024);
  const encrypter = new Encrypter();
  encrypter.addRecipient('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p');
  let t = performance.now();
  const sample = Math.min(totalBytes, 256 * 1024 * 1024);
  for (let done = 0; done < sample; done += chunk.length) await encrypter.encrypt(chunk);
  const ageMbS = sample / 1e6 / ((performance.now() - t) / 1000);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signatures = Array.from({ length: 2000 }, (_, i) => sign(null, createHash('sha256').update(String(i)).digest(), privateKey));
  t = performance.now();
  const rounds = 10;
  for (let r = 0; r < rounds; r++) signatures.forEach((s, i) => verify(null, createHash('sha256').update(String(i)).digest(), publicKey, s));
  const verifyPerS = (rounds * signatures.length) / ((performance.now() - t) / 1000);

  const r = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
  const mb = (step: Record<string, number>) => step.bytes! / 1e6;
  const figures = {
    records,
    attachment_mb: r(totalBytes / 1e6),
    export_revisions_per_s: r(recordsOut.revisions! / recordsOut.seconds!),
    import_revisions_per_s: r(recordsIn.revisions! / recordsIn.seconds!),
    export_attachment_mb_per_s: r(mb(blobsOut) / blobsOut.seconds!, 1),
    import_attachment_mb_per_s: r(mb(blobsIn) / blobsIn.seconds!, 1),
    export_peak_rss_mb: r(Math.max(recordsOut.peakRssMb!, blobsOut.peakRssMb!)),
    import_peak_rss_mb: r(Math.max(recordsIn.peakRssMb!, blobsIn.peakRssMb!)),
  };
  console.log(
    `${records} records (bundle ${r(mb(recordsOut), 1)} MB); then ${figures.attachment_mb} MB of attachments in ${attachmentCount} files (bundle ${r(mb(blobsOut), 1)} MB)`,
  );
  console.log(`                      export                 import                 baseline`);
  console.log(
    `revisions/s           ${String(figures.export_revisions_per_s).padEnd(22)} ${String(figures.import_revisions_per_s).padEnd(22)} Ed25519 checks alone ${r(verifyPerS)}/s (import ratio ${r(figures.import_revisions_per_s / verifyPerS, 2)}); target ≥ 20000`,
  );
  console.log(
    `attachments MB/s      ${String(figures.export_attachment_mb_per_s).padEnd(22)} ${String(figures.import_attachment_mb_per_s).padEnd(22)} age alone ${r(ageMbS, 1)} MB/s (export ratio ${r(figures.export_attachment_mb_per_s / ageMbS, 2)})`,
  );
  console.log(
    `peak RSS (MB)         ${`records ${r(recordsOut.peakRssMb!)}, files ${r(blobsOut.peakRssMb!)}`.padEnd(22)} ${`records ${r(recordsIn.peakRssMb!)}, files ${r(blobsIn.peakRssMb!)}`.padEnd(22)} target < 400`,
  );
  console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
