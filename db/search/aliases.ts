import { VigilError } from '../errors.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { foldWord } from './fold-word.js';
import { tokenize } from './tokenize.js';
import { readMetaValue, setMetaValue } from '../store/meta-values.js';

/**
 * Aliases: names that mean the same (KNB = National Security Committee = КНБ; Astana =
 * Nur-Sultan = Астана). A user-editable table, applied when a query is run, so adding an
 * alias needs no reindexing. Terms are matched folded, so Nur-Sultan and Нур-Султан are one.
 */
export const starterAliases: string[][] = [
  // ҰҚК is left out: folded it reads "uk", which would widen every search for the UK.
  ['KNB', 'National Security Committee', 'КНБ', 'Комитет национальной безопасности', 'Ұлттық қауіпсіздік комитеті'],
  ['Astana', 'Nur-Sultan', 'Астана', 'Нур-Султан', 'Нұр-Сұлтан', 'Akmola', 'Акмола', 'Tselinograd', 'Целиноград'],
  ['Almaty', 'Alma-Ata', 'Алматы', 'Алма-Ата'],
  ['Shymkent', 'Chimkent', 'Шымкент', 'Чимкент'],
  ['Zhanaozen', 'Janaozen', 'Жанаозен', 'Жаңаөзен', 'Novy Uzen', 'Новый Узень'],
  ['Aktau', 'Ақтау', 'Актау', 'Shevchenko', 'Шевченко'],
  ['Mangystau', 'Mangistau', 'Маңғыстау', 'Мангистау', 'Мангыстау'],
  ['Oral', 'Uralsk', 'Орал', 'Уральск'],
  ['Semey', 'Semipalatinsk', 'Семей', 'Семипалатинск'],
  ['Oskemen', 'Ust-Kamenogorsk', 'Өскемен', 'Усть-Каменогорск'],
  ['Taraz', 'Zhambyl', 'Dzhambul', 'Тараз', 'Жамбыл', 'Джамбул'],
  ['Kyzylorda', 'Қызылорда', 'Кызылорда'],
  ['Akorda', 'Ақорда', 'Акорда', 'Presidential Palace'],
  ['WGAD', 'Working Group on Arbitrary Detention', 'Рабочая группа по произвольным задержаниям'],
  ['ICCPR', 'International Covenant on Civil and Political Rights', 'МПГПП', 'Международный пакт о гражданских и политических правах'],
  ['UN', 'United Nations', 'ООН', 'Организация Объединённых Наций', 'БҰҰ'],
  ['OSCE', 'ОБСЕ', 'Organization for Security and Co-operation in Europe'],
  ['Criminal Code', 'Уголовный кодекс', 'Қылмыстық кодекс'],
  ['Criminal Procedure Code', 'Уголовно-процессуальный кодекс', 'УПК'],
  ['KazMunayGas', 'КазМунайГаз', 'ҚазМұнайГаз', 'KMG'],
  ['Supreme Court', 'Верховный суд', 'Жоғарғы Сот'],
];

/** The folded key of an alias term: its words folded as written, joined by spaces. */
export function aliasKey(term: string): string {
  return tokenize(term)
    .map((t) => foldWord(t.word, { stem: false }))
    .filter(Boolean)
    .join(' ');
}

export interface AliasGroup {
  id: number;
  terms: string[];
}

/**
 * Groups of terms that mean the same for search, in one of two tables of the same shape: the
 * archive's aliases (names), or its concepts (human-rights terms across languages).
 */
export class AliasTable {
  readonly #db: SqliteDatabase;
  readonly #writes: UnitOfWork;
  readonly #table: 'search_aliases' | 'search_concepts';
  readonly #what: string;
  #state: { get(): unknown } | undefined;

  constructor(db: SqliteDatabase, writes: UnitOfWork, table: 'search_aliases' | 'search_concepts' = 'search_aliases') {
    this.#db = db;
    this.#writes = writes;
    this.#table = table;
    this.#what = table === 'search_aliases' ? 'an alias' : 'a concept';
  }

  /** What the table's contents are, cheaply: changes when a term is added, removed or regrouped, here or by another program. */
  state(): string {
    // Asked before every search: prepared once.
    this.#state ??= this.#db.prepare(`SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(group_id), 0) FROM ${this.#table}`).pluck();
    return this.#state.get() as string;
  }

  list(): AliasGroup[] {
    const rows = this.#db.prepare(`SELECT group_id, term FROM ${this.#table} ORDER BY group_id, id`).all() as { group_id: number; term: string }[];
    const groups = new Map<number, string[]>();
    for (const row of rows) groups.set(row.group_id, [...(groups.get(row.group_id) ?? []), row.term]);
    return [...groups].map(([id, terms]) => ({ id, terms }));
  }

  /** Adds synonyms to the group that holds `term` (or a new group); returns the group. */
  add(term: string, synonyms: string[]): AliasGroup {
    const all = [term, ...synonyms].map((t) => t.trim()).filter(Boolean);
    if (all.length < 2) throw new VigilError('invalid_argument', `${this.#what} needs a term and at least one synonym`);
    for (const t of all) {
      if (!aliasKey(t)) throw new VigilError('invalid_argument', `"${t}" has no letters or digits to search for`);
      if (t.length > 200) throw new VigilError('invalid_argument', `${this.#what} term has at most 200 characters`);
    }
    return this.#writes.write(() => {
      const keys = all.map(aliasKey);
      const existing = this.#db
        .prepare(`SELECT DISTINCT group_id FROM ${this.#table} WHERE folded IN (${keys.map(() => '?').join(',')})`)
        .pluck()
        .all(...keys) as number[];
      const groupId = existing[0] ?? ((this.#db.prepare(`SELECT max(group_id) FROM ${this.#table}`).pluck().get() as number | null) ?? 0) + 1;
      // Adding a term that links two groups merges them.
      for (const other of existing.slice(1)) this.#db.prepare(`UPDATE ${this.#table} SET group_id = ? WHERE group_id = ?`).run(groupId, other);
      const insert = this.#db.prepare(`INSERT OR IGNORE INTO ${this.#table} (group_id, term, folded) VALUES (?, ?, ?)`);
      all.forEach((t, i) => insert.run(groupId, t, keys[i]));
      return this.list().find((g) => g.id === groupId)!;
    });
  }

  /** Removes a term, and its other spellings that fold alike, from whatever group holds it. */
  remove(term: string): boolean {
    return this.#writes.write(() => this.#db.prepare(`DELETE FROM ${this.#table} WHERE folded = ?`).run(aliasKey(term)).changes > 0);
  }

  /** The groups, keyed by folded term, for applying to queries. */
  byKey(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const group of this.list()) for (const term of group.terms) map.set(aliasKey(term), group.terms);
    return map;
  }

  /** Adds the groups Vigil ships, once per archive (`meta` remembers it), so that what a person removed stays removed. */
  seed(groups: readonly (readonly string[])[]): void {
    const key = `${this.#table}_seeded` as const;
    if (readMetaValue(this.#db, key)) return;
    this.#writes.write(() => {
      if (readMetaValue(this.#db, key)) return;
      // Archives from before the seeding was remembered: aliases already seeded are not added again.
      if (!this.#db.prepare(`SELECT count(*) FROM ${this.#table}`).pluck().get()) for (const group of groups) this.add(group[0]!, group.slice(1));
      setMetaValue(this.#db, key, '1');
    });
  }
}
