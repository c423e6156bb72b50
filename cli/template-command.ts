import type { TemplateFile } from '../db/templates/template-file.js';
import { templateFileJsonSchema } from '../db/templates/template-schema.js';
import { call, parseJson, passphraseFile, print, printJson, readInput, withArchive, type Command, type Options } from './command-support.js';
import { UsageError } from './usage-error.js';

type Shown = TemplateFile & { shippedVocabularies: string[] };

/** The definitions as a person reads them: each type with its fields, each vocabulary with its terms indented. */
function describeTemplates(shown: Shown): string {
  const label = (l: { en?: string; ru?: string; kk?: string }) => [l.en, l.ru, l.kk].filter(Boolean).join(' / ');
  const fieldLine = (f: {
    key: string;
    kind: string;
    labels: { en?: string; ru?: string; kk?: string };
    required?: boolean;
    hidden?: boolean;
    vocabulary?: string;
    multiple?: boolean;
  }) =>
    `    ${f.key}  ${f.kind}${f.multiple ? ' (several)' : ''}${f.vocabulary ? ` from ${f.vocabulary}` : ''}${f.required ? ', required' : ''}${f.hidden ? ', removed' : ''}  ${label(f.labels)}`;
  const lines: string[] = [];
  for (const type of shown.types ?? []) {
    lines.push(`type ${type.key}  ${label(type.labels)}${type.hidden ? ' (no longer offered)' : ''}`);
    for (const f of type.fields ?? []) lines.push(fieldLine(f));
  }
  const byType = new Map<string, NonNullable<TemplateFile['fields']>>();
  for (const f of shown.fields ?? []) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  for (const [type, fields] of byType) {
    lines.push(`fields added to ${type}`);
    for (const f of fields) lines.push(fieldLine(f));
  }
  for (const v of shown.vocabularies ?? []) {
    lines.push(`vocabulary ${v.key}  ${label(v.labels)}${shown.shippedVocabularies.includes(v.key) ? ' (shipped, extended here)' : ''}`);
    const walk = (terms: typeof v.terms, depth: number) => {
      for (const t of terms) {
        lines.push(`${'  '.repeat(depth + 2)}${t.key}  ${label(t.labels)}`);
        walk(t.children ?? [], depth + 1);
      }
    };
    walk(v.terms, 0);
  }
  lines.push(`shipped vocabularies: ${shown.shippedVocabularies.join(', ')}`);
  return lines.join('\n');
}

export const templateCommand: Command = {
  usage:
    'vigil template show DIR [--json] | vigil template apply DIR FILE.json | vigil template schema | vigil template export-vocabulary DIR KEY --out FILE.csv | vigil template import-vocabulary DIR FILE.csv --key KEY [--name NAME]',
  summary: "the organisation's own record types, fields and vocabularies (docs/templates.md); vocabularies in and out as Uwazi's thesaurus CSV",
  options: { json: { type: 'boolean' }, out: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' }, ...passphraseFile },
  positionals: [1, 3],
  async run([action, dir, file], options) {
    if (action === 'schema') {
      if (dir) throw new UsageError('vigil template schema takes no archive');
      return printJson(templateFileJsonSchema());
    }
    if (action === 'export-vocabulary' || action === 'import-vocabulary') return vocabularyCsv(action, dir, file, options);
    if (!dir) throw new UsageError(`give the archive: vigil template ${action === 'apply' ? 'apply DIR FILE.json' : 'show DIR'}`);
    if (action === 'apply' && !file) throw new UsageError('give the template file: vigil template apply DIR FILE.json');
    if (action === 'show' && file) throw new UsageError('vigil template show DIR takes no file');
    if (action !== 'show' && action !== 'apply') throw new UsageError(`unknown template action "${action}": use show, apply, schema, export-vocabulary or import-vocabulary`);
    const template = action === 'apply' ? parseJson(readInput(file!), file === '-' ? 'standard input' : file!) : undefined;
    await withArchive(dir, options, async (engine) => {
      if (action === 'apply') {
        const done = await call(engine, 'templates.apply', { template });
        if (options.json) return printJson(done);
        const line = (what: string, t: { added: number; changed: number }) => `${what}: ${t.added} added, ${t.changed} changed`;
        return print([line('vocabularies', done.vocabularies), line('record types', done.types), line('fields', done.fields)].join('\n'));
      }
      const shown = await call(engine, 'templates.show', {});
      if (options.json) return printJson(shown);
      print(describeTemplates(shown as unknown as Shown));
    });
  },
};

/** A vocabulary out as Uwazi's thesaurus CSV, or a thesaurus CSV in. */
async function vocabularyCsv(action: 'export-vocabulary' | 'import-vocabulary', dir: string | undefined, file: string | undefined, options: Options): Promise<void> {
  if (action === 'export-vocabulary') {
    if (!dir || !file || !options.out) throw new UsageError('vigil template export-vocabulary DIR KEY --out FILE.csv');
    const done = await withArchive(dir, options, (engine) => call(engine, 'vocabularies.exportCsv', { key: file, out: options.out as string }));
    process.stderr.write(`vigil: warning: ${done.warning}\n`);
    return options.json ? printJson(done) : print(`wrote ${done.terms} term${done.terms === 1 ? '' : 's'} of ${file} to ${done.file}`);
  }
  if (!dir || !file || !options.key) throw new UsageError('vigil template import-vocabulary DIR FILE.csv --key KEY [--name NAME]');
  const done = await withArchive(dir, options, (engine) =>
    call(engine, 'vocabularies.importCsv', { path: file, key: options.key as string, ...(options.name ? { name: options.name as string } : {}) }),
  );
  if (options.json) return printJson(done);
  const what = done.vocabularies.added ? 'a new vocabulary' : done.vocabularies.changed ? 'changed' : 'nothing new';
  print(`read ${done.terms} term${done.terms === 1 ? '' : 's'} into ${options.key as string}: ${what}`);
}
