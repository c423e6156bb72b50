import { viewOfType } from '../shared/record-views.js';
import type { Archive } from '../store/archive.js';
import { readMetaValue, removeMetaValue } from '../store/meta-values.js';
import { aliasKey } from './aliases.js';
import { checkWordTerms, shippedWords, type WordGroup, type WordList } from './search-words.js';

/**
 * Editing the words search treats as one, as search-words records (see the schema): a change
 * becomes a revision of this device's record for the group, so bundles carry it to the team.
 */

interface WordRecord {
  id: string;
  terms: string[];
  removed: string[];
}

function wordRecords(archive: Archive, list: WordList): WordRecord[] {
  return archive.records
    .list({ type: 'search-words' })
    .map((summary) => ({ id: summary.id, data: viewOfType(archive.records.get(summary.id), 'search-words').data }))
    .filter(({ data }) => data.kind === list)
    .map(({ id, data }) => ({ id, terms: [...data.terms], removed: [...(data.removed ?? [])] }));
}

/** Adds synonyms to the group that holds `term` (or starts one); a term once removed is searched again. Returns the group. */
export function addSearchWords(archive: Archive, list: WordList, term: string, synonyms: readonly string[]): WordGroup {
  const all = checkWordTerms(list, [term, ...synonyms]);
  const keys = new Set(all.map(aliasKey));
  archive.writes.write(() => {
    const records = wordRecords(archive, list);
    for (const record of records) {
      const removed = record.removed.filter((t) => !keys.has(aliasKey(t)));
      if (removed.length !== record.removed.length) archive.records.update(record.id, { removed });
    }
    // The group's terms as they are, so the change joins the record that already holds one.
    const group = archive.search.wordGroups(list).find((g) => g.terms.some((t) => keys.has(aliasKey(t))));
    const groupKeys = new Set([...keys, ...(group?.terms ?? []).map(aliasKey)]);
    const holder = records.find((r) => r.terms.some((t) => groupKeys.has(aliasKey(t))));
    if (holder) {
      const known = new Set(holder.terms.map(aliasKey));
      const added = all.filter((t) => !known.has(aliasKey(t)));
      // A record of the group that does not name the term asked about names it too, so it joins the group on every laptop.
      if (added.length) archive.records.update(holder.id, { terms: [...holder.terms, ...added] });
    } else {
      archive.records.create('search-words', { title: all[0], kind: list, terms: all });
    }
  });
  return archive.search.wordGroups(list).find((g) => g.terms.some((t) => aliasKey(t) === aliasKey(all[0]!)))!;
}

/** Takes a term, and its other spellings that fold alike, out of its group; false when no group holds it. */
export function removeSearchWord(archive: Archive, list: WordList, term: string): boolean {
  const key = aliasKey(term);
  if (!key) return false;
  return archive.writes.write(() => {
    const group = archive.search.wordGroups(list).find((g) => g.terms.some((t) => aliasKey(t) === key));
    if (!group) return false;
    const records = wordRecords(archive, list);
    for (const record of records) {
      if (!record.terms.some((t) => aliasKey(t) === key)) continue;
      const terms = record.terms.filter((t) => aliasKey(t) !== key);
      if (terms.length || record.removed.length) archive.records.update(record.id, { terms });
      else archive.records.delete(record.id);
    }
    // Still in a group (a shipped one, or a peer's record): the removal itself is recorded, beside the group's other changes.
    if (archive.search.wordGroups(list).some((g) => g.terms.some((t) => aliasKey(t) === key))) {
      const groupKeys = new Set(group.terms.map(aliasKey));
      const holder = wordRecords(archive, list).find((r) => r.terms.some((t) => groupKeys.has(aliasKey(t))) || r.removed.some((t) => groupKeys.has(aliasKey(t))));
      if (holder) archive.records.update(holder.id, { removed: [...holder.removed, term.trim()] });
      else archive.records.create('search-words', { title: group.terms.find((t) => aliasKey(t) !== key) ?? term.trim(), kind: list, terms: [], removed: [term.trim()] });
    }
    return true;
  });
}

/**
 * Archives from before search words were records kept them in two tables, seeded with the
 * shipped groups; migration 16 left their rows in meta. What the team had changed there (terms
 * added, shipped terms removed) becomes records once, signed by this device.
 */
export function adoptSearchWordTables(archive: Archive): void {
  const db = archive.db;
  if (readMetaValue(db, 'legacy_search_words') === undefined) return;
  archive.writes.write(() => {
    const saved = readMetaValue(db, 'legacy_search_words');
    if (saved === undefined) return;
    const tables = legacyTables(saved);
    for (const list of ['aliases', 'concepts'] as const) {
      const rows = tables[list];
      const kept = new Map<number, string[]>();
      for (const [group, term] of rows) kept.set(group, [...(kept.get(group) ?? []), term]);
      const shipped = shippedWords[list];
      for (const terms of kept.values()) {
        if (!sameShippedGroup(shipped, terms)) archive.records.create('search-words', { title: terms[0], kind: list, terms });
      }
      // A shipped term missing from a group the table holds was removed by the team. A shipped
      // group missing whole is more likely one Vigil added since the table was seeded.
      const keptKeys = new Set(rows.map(([, term]) => aliasKey(term)));
      const removed = shipped.filter((group) => group.some((t) => keptKeys.has(aliasKey(t)))).flatMap((group) => group.filter((t) => !keptKeys.has(aliasKey(t))));
      if (removed.length) archive.records.create('search-words', { title: removed[0], kind: list, terms: [], removed: [...new Set(removed)] });
    }
    removeMetaValue(db, 'legacy_search_words');
  });
}

/** The tables' rows as migration 16 kept them; rows that are not [group, term] (a damaged value) are left out. */
function legacyTables(saved: string): Record<WordList, [number, string][]> {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  };
  const parsed = parse(saved);
  const rowsOf = (value: unknown): [number, string][] => {
    // SQLite may hand a nested JSON array over as its text.
    const rows = typeof value === 'string' ? parse(value) : value;
    if (!Array.isArray(rows)) return [];
    return rows.filter((r): r is [number, string] => Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'string' && r[1].trim() !== '' && r[1].length <= 200);
  };
  const object = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  return { aliases: rowsOf(Object.hasOwn(object, 'aliases') ? object.aliases : null), concepts: rowsOf(Object.hasOwn(object, 'concepts') ? object.concepts : null) };
}

/** Whether terms are all in one shipped group: such a table group adds nothing of the team's own. */
function sameShippedGroup(shipped: readonly (readonly string[])[], terms: readonly string[]): boolean {
  const keys = terms.map(aliasKey);
  return shipped.some((group) => {
    const groupKeys = new Set(group.map(aliasKey));
    return keys.every((k) => groupKeys.has(k));
  });
}
