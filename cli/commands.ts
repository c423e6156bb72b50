import { createEngine } from '../db/service.js';
import {
  call,
  CommandFailed,
  forEachJsonLine,
  parseJson,
  passphraseFile,
  positiveInt,
  wholeNumber,
  print,
  printJson,
  readInput,
  recordTypeArg,
  withArchive,
  type Command,
} from './command-support.js';
import { serveCommand } from './serve-command.js';
import { exportCommand, exportSchemaCommand } from './export-commands.js';
import { bundleCommand, identityCommand, syncCommand } from './bundle-commands.js';
import { hearingCommand } from './hearing-command.js';
import { templateCommand } from './template-command.js';
import { reportCommand } from './report-command.js';
import { importCommand, reocrCommand } from './import-command.js';
import { formatReadable } from './readable.js';
import { readNewPassphrase, readPassphrase, readRecoveryCode } from './secrets.js';
import type { AuditAction } from '../db/shared/audit-actions.js';
import { auditActionWords, describeAuditDetail, readableTime } from '../db/audit/audit-view.js';
import { UsageError } from './usage-error.js';

/** Every `vigil` subcommand: its usage line, options and what it does through the engine contract. */
export const commands: Record<string, Command> = {
  init: {
    usage: 'vigil init DIR [--json] [--passphrase-file FILE]',
    summary: 'create an encrypted archive and print its recovery code (shown once)',
    options: { json: { type: 'boolean' }, ...passphraseFile },
    positionals: [1, 1],
    async run([dir], options) {
      const passphrase = await readNewPassphrase('VIGIL_PASSPHRASE', { passphraseFile: options['passphrase-file'] as string | undefined });
      const engine = createEngine();
      try {
        const created = await call(engine, 'archive.create', { dir: dir!, passphrase });
        if (options.json) printJson({ recoveryCode: created.recoveryCode, archiveId: created.archiveId, deviceId: created.deviceId });
        else {
          print(`Created an encrypted archive in ${created.dir}\n`);
          print(`Recovery code: ${created.recoveryCode}\n`);
          print('Write the recovery code on paper and keep it apart from this computer.');
          print('It is shown only now. With it you can set a new passphrase if you forget yours;');
          print('without the passphrase or this code the archive cannot be opened by anyone.');
        }
      } finally {
        engine.shutdown();
      }
    },
  },
  add: {
    usage: 'vigil add DIR TYPE (--json FILE|- | --jsonl FILE|-)',
    summary: 'add a record (or one record per line with --jsonl) and print its id',
    options: { json: { type: 'string' }, jsonl: { type: 'string' }, ...passphraseFile },
    positionals: [2, 2],
    async run([dir, typeName], options) {
      const type = recordTypeArg(typeName!);
      if (!options.json === !options.jsonl) throw new UsageError('give the record with --json FILE or records with --jsonl FILE (- for standard input)');
      await withArchive(dir!, options, async (engine) => {
        if (options.json) {
          const data = parseJson(readInput(options.json as string), 'the record');
          print((await call(engine, 'records.create', { type, data })).id);
          return;
        }
        // Printed only once committed: an id on stdout is a record on disk.
        await forEachJsonLine(options.jsonl as string, async (data) => print((await call(engine, 'records.create', { type, data })).id));
      });
    },
  },
  get: {
    usage: 'vigil get DIR ID [--json]',
    summary: 'show a record',
    options: { json: { type: 'boolean' }, ...passphraseFile },
    positionals: [2, 2],
    async run([dir, id], options) {
      await withArchive(dir!, options, async (engine) => {
        const record = await call(engine, 'records.get', { id: id! });
        if (options.json) return printJson(record);
        print(`${record.type}: ${String(record.data.title)}`);
        print(`id: ${record.id}\nrevision: ${record.revision}\ncreated: ${record.createdAt}\nupdated: ${record.updatedAt}`);
        if (record.conflict) print('conflict: another version exists; see `vigil conflicts`');
        const { title: _title, ...rest } = record.data;
        if (Object.keys(rest).length) print(`\n${formatReadable(rest)}`);
      });
    },
  },
  update: {
    usage: 'vigil update DIR ID --json FILE|-',
    summary: 'change a record with a JSON merge patch (null removes a field)',
    options: { json: { type: 'string' }, ...passphraseFile },
    positionals: [2, 2],
    async run([dir, id], options) {
      if (!options.json) throw new UsageError('give the changes with --json FILE (- for standard input)');
      const patch = parseJson(readInput(options.json as string), 'the patch');
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new CommandFailed('the patch must be a JSON object', 3);
      await withArchive(dir!, options, async (engine) => {
        const record = await call(engine, 'records.update', { id: id!, patch: patch as Record<string, unknown> });
        print(record.revision);
      });
    },
  },
  delete: {
    usage: 'vigil delete DIR ID',
    summary: 'delete a record (its history is kept)',
    options: { ...passphraseFile },
    positionals: [2, 2],
    async run([dir, id], options) {
      await withArchive(dir!, options, async (engine) => {
        const result = await call(engine, 'records.delete', { id: id! });
        print(`deleted ${result.id}`);
      });
    },
  },
  restore: {
    usage: 'vigil restore DIR ID',
    summary: 'bring a deleted record back with the value it had before (the deletion stays in its history)',
    options: { ...passphraseFile },
    positionals: [2, 2],
    async run([dir, id], options) {
      await withArchive(dir!, options, async (engine) => {
        const restored = await call(engine, 'records.restore', { id: id! });
        print(`restored ${restored.id}  ${String(restored.data.title)}`);
      });
    },
  },
  list: {
    usage: 'vigil list DIR [--type TYPE] [--limit N] [--json]',
    summary: 'list records, oldest first',
    options: { type: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, ...passphraseFile },
    positionals: [1, 1],
    async run([dir], options) {
      const type = options.type ? recordTypeArg(options.type as string) : undefined;
      const limit = positiveInt(options.limit as string | undefined, 'limit');
      await withArchive(dir!, options, async (engine) => {
        const { records } = await call(engine, 'records.list', { ...(type ? { type } : {}), ...(limit ? { limit } : {}) });
        if (options.json) return printJson(records);
        print(records.map((r) => `${r.id}  ${r.type.padEnd(12)} ${r.conflict ? '[conflict] ' : ''}${r.title}`).join('\n') || '(no records)');
      });
    },
  },
  history: {
    usage: 'vigil history DIR ID [--json]',
    summary: 'every revision of a record, oldest first',
    options: { json: { type: 'boolean' }, ...passphraseFile },
    positionals: [2, 2],
    async run([dir, id], options) {
      await withArchive(dir!, options, async (engine) => {
        const revisions = await call(engine, 'records.history', { id: id! });
        if (options.json) return printJson(revisions);
        for (const rev of revisions) {
          const parents = rev.parents.length ? ` after ${rev.parents.map((p) => p.slice(0, 12)).join(', ')}` : '';
          print(`${rev.id}  ${rev.time}  ${rev.op === 'delete' ? 'deleted' : 'saved'} by device ${rev.device.slice(0, 8)}${parents}`);
        }
      });
    },
  },
  conflicts: {
    usage: 'vigil conflicts DIR [--json]',
    summary: 'records with more than one live version',
    options: { json: { type: 'boolean' }, ...passphraseFile },
    positionals: [1, 1],
    async run([dir], options) {
      await withArchive(dir!, options, async (engine) => {
        const conflicts = await call(engine, 'records.conflicts', {});
        if (options.json) return printJson(conflicts);
        if (!conflicts.length) return print('no conflicts');
        for (const c of conflicts) {
          print(`${c.id}  ${c.type}  ${c.title}`);
          for (const leaf of c.leaves) print(`  ${leaf.id}  ${leaf.time}  device ${leaf.device.slice(0, 8)}  "${String(leaf.data?.title ?? '')}"`);
        }
      });
    },
  },
  resolve: {
    usage: 'vigil resolve DIR ID (--pick REVISION_ID | --json MERGED_FILE)',
    summary: 'close a conflict with one version or a merged value',
    options: { pick: { type: 'string' }, json: { type: 'string' }, ...passphraseFile },
    positionals: [2, 2],
    async run([dir, id], options) {
      if (!options.pick === !options.json) throw new UsageError('give either --pick REVISION_ID or --json MERGED_FILE');
      const data = options.json ? parseJson(readInput(options.json as string), 'the merged record') : undefined;
      await withArchive(dir!, options, async (engine) => {
        const record = await call(engine, 'records.resolve', options.pick ? { id: id!, pick: options.pick as string } : { id: id!, data });
        print(record.revision);
      });
    },
  },
  attach: {
    usage: 'vigil attach DIR ID FILE',
    summary: 'store a file encrypted in the archive and link it to a record',
    options: { name: { type: 'string' }, mime: { type: 'string' }, ...passphraseFile },
    positionals: [3, 3],
    async run([dir, id, file], options) {
      await withArchive(dir!, options, async (engine) => {
        const result = await call(engine, 'attachments.add', {
          recordId: id!,
          path: file!,
          ...(options.name ? { name: options.name as string } : {}),
          ...(options.mime ? { mime: options.mime as string } : {}),
        });
        print(result.sha256);
      });
    },
  },
  search: {
    usage: 'vigil search DIR QUERY [--type TYPE] [--limit N] [--offset N] [--json]',
    summary: 'search across scripts, spellings and typos ("phrases", OR, -word, type: country: tag: after: before:)',
    options: { type: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' }, json: { type: 'boolean' }, ...passphraseFile },
    positionals: [2, 2],
    async run([dir, query], options) {
      const type = options.type ? recordTypeArg(options.type as string) : undefined;
      const limit = positiveInt(options.limit as string | undefined, 'limit');
      const offset = wholeNumber(options.offset as string | undefined, 'offset');
      await withArchive(dir!, options, async (engine) => {
        const results = await call(engine, 'search.query', { query: query!, ...(type ? { type } : {}), ...(limit ? { limit } : {}), ...(offset ? { offset } : {}) });
        if (options.json) {
          return printJson(
            results.hits.map(({ id, type, title, score, snippet, anchor, more }) => ({
              id,
              type,
              title,
              score,
              snippet,
              anchor,
              more: more.map((m) => ({ snippet: m.snippet, anchor: m.anchor })),
            })),
          );
        }
        for (const c of results.corrections) print(`(also searched for ${c.suggestions.join(', ')} instead of "${c.word}")`);
        if (!results.hits.length) return print('no results');
        const counts = Object.entries(results.counts)
          .map(([t, n]) => `${n} ${t}`)
          .join(', ');
        print(`${results.total} result${results.total === 1 ? '' : 's'} (${counts})\n`);
        const whereIs = (anchor: (typeof results.hits)[number]['anchor']) =>
          [anchor.section, anchor.page !== undefined ? `p. ${anchor.page}` : '', anchor.paragraph ? `para. ${anchor.paragraph}` : ''].filter(Boolean).join(', ');
        results.hits.forEach((hit, i) => {
          const where = whereIs(hit.anchor);
          print(`${(offset ?? 0) + i + 1}. [${hit.type}] ${hit.title}  ${hit.id}`);
          print(`   ${hit.snippet}${where ? `  (${where})` : ''}`);
          for (const more of hit.more) print(`   also: ${more.snippet}${whereIs(more.anchor) ? `  (${whereIs(more.anchor)})` : ''}`);
        });
      });
    },
  },
  find: {
    usage: 'vigil find DIR TEXT [--limit N] [--json]',
    summary: 'type-ahead: records whose title, names, numbers or aliases start like TEXT',
    options: { limit: { type: 'string' }, json: { type: 'boolean' }, ...passphraseFile },
    positionals: [2, 2],
    async run([dir, text], options) {
      const limit = positiveInt(options.limit as string | undefined, 'limit');
      await withArchive(dir!, options, async (engine) => {
        const hits = await call(engine, 'search.find', { text: text!, ...(limit ? { limit } : {}) });
        if (options.json) return printJson(hits);
        print(hits.map((h) => `${h.id}  ${h.type.padEnd(12)} ${h.title}`).join('\n') || 'nothing found');
      });
    },
  },
  import: importCommand,
  reocr: reocrCommand,
  hearing: hearingCommand,
  report: reportCommand,
  identity: identityCommand,
  bundle: bundleCommand,
  sync: syncCommand,
  export: exportCommand,
  'export-schema': exportSchemaCommand,
  serve: serveCommand,
  alias: termGroupCommand('alias', 'names that mean the same for search (KNB = National Security Committee = КНБ)'),
  template: templateCommand,
  concept: termGroupCommand('concept', 'terms a question widens to across languages (forced confession = confessions extracted = признательные показания под принуждением)'),
  reindex: {
    usage: 'vigil reindex DIR',
    summary: 'rebuild the search index from every record',
    options: { ...passphraseFile },
    positionals: [1, 1],
    async run([dir], options) {
      await withArchive(dir!, options, async (engine) => {
        const result = await call(engine, 'search.reindex', {});
        print(`reindexed ${result.records} records (${result.passages} passages)`);
      });
    },
  },
  verify: {
    usage: 'vigil verify DIR [--json]',
    summary: 'check the database, every revision and signature, the audit chain and attachments',
    options: { json: { type: 'boolean' }, ...passphraseFile },
    positionals: [1, 1],
    async run([dir], options) {
      const engine = createEngine();
      try {
        const passphrase = await readPassphrase({ passphraseFile: options['passphrase-file'] as string | undefined });
        // Checking the archive leaves no trace in it: no unlock entry in its audit log.
        const report = await call(engine, 'archive.verifyFolder', { dir: dir!, passphrase });
        if (options.json) printJson(report);
        if (!report.ok) throw new CommandFailed(`verify failed: ${report.problem}`, 3);
        if (!options.json) {
          const c = report.checked;
          print(`ok: ${c.revisions} revisions of ${c.records} records, ${c.auditEntries} audit entries, ${c.attachments} attachments, ${c.pages} pages`);
        }
      } finally {
        engine.shutdown();
      }
    },
  },
  audit: {
    usage: 'vigil audit DIR [--limit N] [--json] [--out FILE.csv]',
    summary: 'the audit log, newest last, checked (its chain and signed head); --out writes it all as CSV (NOT encrypted)',
    options: { limit: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, ...passphraseFile },
    positionals: [1, 1],
    async run([dir], options) {
      const limit = positiveInt(options.limit as string | undefined, 'limit') ?? 50;
      await withArchive(dir!, options, async (engine) => {
        const check = await call(engine, 'audit.check', {});
        if (options.out) {
          const written = await call(engine, 'audit.export', { out: options.out as string });
          process.stderr.write(`vigil: warning: ${written.warning}\n`);
          print(`wrote ${written.entries} entries to ${written.file}`);
        } else if (options.json) {
          const { total } = await call(engine, 'audit.page', { limit: 1 });
          printJson(await call(engine, 'audit.list', { afterSeq: Math.max(0, total - limit) }));
        } else {
          const { entries, total } = await call(engine, 'audit.page', { limit });
          for (const e of entries.reverse()) {
            const what = auditActionWords[e.action as AuditAction] ?? e.action;
            const record = e.record ? `  "${e.record.title}"${e.record.deleted ? ' (deleted)' : ''}` : '';
            const device = e.device.self ? '' : `  device ${e.device.fingerprint}`;
            const detail = describeAuditDetail(e, readableTime);
            print(`${String(e.seq).padStart(6)}  ${readableTime(e.atMs)}  ${what}${record}${detail ? `: ${detail}` : ''}${device}`);
          }
          if (total > entries.length) print(`(the newest ${entries.length} of ${total}; --limit N for more, --out FILE.csv for all)`);
        }
        if (check.problem) throw new CommandFailed(`the audit log does not check out: ${check.problem}`, 3);
        if (!options.json && !options.out) print(`the log checks out: ${check.entries} entries, the newest signed by this device`);
      });
    },
  },
  passwd: {
    usage: 'vigil passwd DIR [--rekey] [--recovery-code - | --recovery-code-file FILE]',
    summary:
      'change the passphrase (--rekey: and re-encrypt the archive under a new key, with a new recovery code), or set a new one with the recovery code (asked for, read from VIGIL_RECOVERY_CODE, a file, or piped, one secret per line)',
    options: { rekey: { type: 'boolean' }, 'recovery-code': { type: 'string' }, 'recovery-code-file': { type: 'string' }, ...passphraseFile },
    positionals: [1, 1],
    async run([dir], options) {
      const given = options['recovery-code'] as string | undefined;
      const codeFile = options['recovery-code-file'] as string | undefined;
      if (given !== undefined && given !== '-') {
        throw new UsageError(
          'the recovery code never goes on the command line (the process list and shell history keep it): use --recovery-code - to be asked for it or to pipe it, --recovery-code-file FILE, or VIGIL_RECOVERY_CODE',
        );
      }
      if (options.rekey && (given !== undefined || codeFile))
        throw new UsageError('--rekey goes with the current passphrase: reset the passphrase with the recovery code first, then re-key');
      const engine = createEngine();
      try {
        if (given !== undefined || codeFile) {
          const code = await readRecoveryCode(codeFile ? { file: codeFile } : {});
          const newPassphrase = await readNewPassphrase('VIGIL_NEW_PASSPHRASE', { piped: true });
          await call(engine, 'archive.resetPassphrase', { dir: dir!, recoveryCode: code, newPassphrase });
          print('passphrase changed');
          return;
        }
        const current = await readPassphrase({ passphraseFile: options['passphrase-file'] as string | undefined, piped: true }, 'Current passphrase: ');
        await call(engine, 'archive.open', { dir: dir!, passphrase: current });
        const newPassphrase = await readNewPassphrase('VIGIL_NEW_PASSPHRASE', { piped: true });
        let shown = -1;
        const changed = await call(
          engine,
          'archive.changePassphrase',
          { currentPassphrase: current, newPassphrase, ...(options.rekey ? { rekey: true } : {}) },
          {
            onProgress: (event) => {
              const percent = Math.floor((100 * Number(event.done)) / Math.max(1, Number(event.total)));
              if (process.stderr.isTTY && percent !== shown) process.stderr.write(`\rre-encrypting the archive: ${(shown = percent)}%`);
            },
          },
        );
        if (shown >= 0) process.stderr.write('\n');
        if (!changed.rekeyed) {
          print(
            'passphrase changed. The archive\u2019s key is the same: a copy of the old keys.json still opens it with the old passphrase. After a laptop, a stick or a backup was lost, use --rekey.',
          );
          return;
        }
        print('passphrase changed, and the archive re-encrypted under a new key: old copies of keys.json open nothing.\n');
        print(`New recovery code: ${changed.recoveryCode}\n`);
        print('Write it on paper and keep it apart from this computer. It is shown only now; the old recovery code no longer works.');
      } finally {
        engine.shutdown();
      }
    },
  },
  wipe: {
    usage: 'vigil wipe DIR --yes',
    summary: 'emergency wipe: destroy the key file and the database (cannot be undone)',
    options: { yes: { type: 'boolean' } },
    positionals: [1, 1],
    async run([dir], options) {
      if (!options.yes) throw new UsageError('wiping destroys the archive for good: add --yes to confirm');
      const engine = createEngine();
      const result = await call(engine, 'archive.wipe', { dir: dir!, confirm: true });
      print(`wiped: ${result.removed.join(', ')}`);
    },
  },
};

/** `vigil alias` and `vigil concept`: groups of terms that mean the same for search, listed, added to and removed from. */
function termGroupCommand(kind: 'alias' | 'concept', summary: string): Command {
  const methods =
    kind === 'alias'
      ? (['search.aliases.add', 'search.aliases.remove', 'search.aliases.list'] as const)
      : (['search.concepts.add', 'search.concepts.remove', 'search.concepts.list'] as const);
  return {
    usage: `vigil ${kind} add DIR TERM SYNONYM... | vigil ${kind} list DIR [--json] | vigil ${kind} remove DIR TERM`,
    summary,
    options: { json: { type: 'boolean' }, ...passphraseFile },
    positionals: [2, 100],
    async run([action, dir, ...terms], options) {
      if (action === 'add' && terms.length < 2) throw new UsageError(`give a term and at least one synonym: vigil ${kind} add DIR TERM SYNONYM...`);
      if (action === 'remove' && terms.length !== 1) throw new UsageError(`give the term to remove: vigil ${kind} remove DIR TERM`);
      if (action === 'list' && terms.length) throw new UsageError(`vigil ${kind} list DIR takes no terms`);
      if (!['add', 'list', 'remove'].includes(action!)) throw new UsageError(`unknown ${kind} action "${action}": use add, list or remove`);
      await withArchive(dir!, options, async (engine) => {
        if (action === 'add') {
          const group = await call(engine, methods[0], { term: terms[0]!, synonyms: terms.slice(1) });
          return print(group.terms.join(' = '));
        }
        if (action === 'remove') {
          const { removed } = await call(engine, methods[1], { term: terms[0]! });
          if (!removed) throw new CommandFailed(`"${terms[0]}" is not ${kind === 'alias' ? 'an alias' : 'in a concept'}`, 4);
          return print(`removed ${terms[0]}`);
        }
        const groups = await call(engine, methods[2], {});
        if (options.json) return printJson(groups);
        print(groups.map((g) => g.terms.join(' = ')).join('\n') || `(no ${kind === 'alias' ? 'aliases' : 'concepts'})`);
      });
    },
  };
}
