import { VigilError } from '../errors.js';
import { parseFuzzyDate } from '../shared/fuzzy-date.js';
import { recordTypes, type RecordType } from '../shared/schemas.js';
import { tokenize } from './tokenize.js';
import { countryCodeNamed } from '../shared/countries.js';

/**
 * The search box's language: words (all must match), "exact phrases", OR between two terms,
 * -excluded terms, and filters type: country: tag: sensitivity: after: before:.
 * A malformed query is answered with a sentence saying what is wrong, never an SQL error:
 * nothing the user types reaches FTS5 syntax unquoted.
 */
export interface Clause {
  /** The words of a term or phrase as typed. */
  words: string[];
  /** True for "a phrase", or a term that is several words (Nur-Sultan, 57/2022). */
  phrase: boolean;
  /** Typed in quotes. */
  quoted?: boolean;
  /**
   * A concept's word: matched whole and as the start of longer words (plurals, "пытки" of
   * "пыток" aside), not by its stem, which for "reporter" would be "report".
   */
  unstemmed?: boolean;
  /** Several words that need only stand in the same passage, in any order (typed words a concept names). */
  together?: boolean;
}

export interface QueryFilters {
  types: RecordType[];
  countries: string[];
  tags: string[];
  sensitivities: string[];
  /** ISO date: the record's dates end after the whole of what was written. */
  after?: string;
  /** ISO date: the record's dates start before the whole of what was written. */
  before?: string;
  /** Defined fields' filters (conditions:overcrowding), each as given. */
  fields: { field: string; value: string }[];
}

/** What this archive adds to the filters: the record types and field keys it defines. */
export interface KnownToQuery {
  types?: ReadonlySet<string>;
  fields?: ReadonlySet<string>;
}

export interface ParsedQuery {
  /** All groups must match; a group matches when any of its clauses does. */
  groups: Clause[][];
  excluded: Clause[];
  filters: QueryFilters;
}

const filterKeys = ['type', 'country', 'tag', 'sensitivity', 'after', 'before'] as const;
const sensitivities = ['public', 'restricted', 'confidential'];

interface Token {
  text: string;
  quoted: boolean;
  negated: boolean;
  filter?: string;
}

function lex(query: string, known: KnownToQuery): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let negated = false;
    if ((ch === '-' || ch === '−') && i + 1 < query.length && !/\s/.test(query[i + 1]!)) {
      negated = true;
      i++;
    } else if (ch === '-' || ch === '−') {
      throw new VigilError('invalid_argument', 'a minus sign must be followed by the word to leave out, as in -amnesty');
    }
    let filter: string | undefined;
    const filterMatch = /^([A-Za-z][A-Za-z0-9_.-]*):(?=\S)/.exec(query.slice(i));
    if (filterMatch) {
      const key = filterMatch[1]!.toLowerCase();
      if ((filterKeys as readonly string[]).includes(key)) {
        filter = key;
        i += filterMatch[0].length;
      } else if (known.fields?.has(key)) {
        filter = `field:${key}`;
        i += filterMatch[0].length;
      } else if (/^[a-z]{3,12}$/i.test(key) && !/^(?:\d|\/\/)/.test(query.slice(i + filterMatch[0].length))) {
        const all = [...filterKeys, ...(known.fields ?? [])];
        throw new VigilError('invalid_argument', `unknown filter "${key}:"; the filters are ${all.map((k) => `${k}:`).join(' ')}`);
      }
    }
    if (query[i] === '"' || query[i] === '«' || query[i] === '“') {
      const close = query[i] === '«' ? '»' : query[i] === '“' ? '”' : '"';
      const end = query.indexOf(close, i + 1);
      if (end < 0) throw new VigilError('invalid_argument', 'a quoted phrase is not closed: add the closing quote');
      tokens.push({ text: query.slice(i + 1, end), quoted: true, negated, ...(filter ? { filter } : {}) });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query[end]!)) end++;
    tokens.push({ text: query.slice(i, end), quoted: false, negated, ...(filter ? { filter } : {}) });
    i = end;
  }
  return tokens;
}

function clauseOf(token: Token): Clause | null {
  const words = tokenize(token.text).map((t) => t.word);
  if (!words.length) return null;
  return token.quoted ? { words, phrase: true, quoted: true } : { words, phrase: words.length > 1 };
}

export function parseQuery(query: string, known: KnownToQuery = {}): ParsedQuery {
  if (typeof query !== 'string' || !query.trim()) throw new VigilError('invalid_argument', 'type something to search for');
  if (query.length > 2000) throw new VigilError('invalid_argument', 'the search is too long (at most 2000 characters)');
  const tokens = lex(query, known);
  const filters: QueryFilters = { types: [], countries: [], tags: [], sensitivities: [], fields: [] };
  const groups: Clause[][] = [];
  const excluded: Clause[] = [];
  let pendingOr = false;

  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.filter) {
      if (pendingOr) throw new VigilError('invalid_argument', 'OR must stand between two search terms, not before a filter');
      applyFilter(filters, token.filter, token.text.trim(), token.negated, known);
      continue;
    }
    if (!token.quoted && !token.negated && token.text === 'OR') {
      if (!groups.length || pendingOr) throw new VigilError('invalid_argument', 'OR must stand between two search terms, as in torture OR ill-treatment');
      pendingOr = true;
      continue;
    }
    const clause = clauseOf(token);
    if (!clause) {
      if (pendingOr) throw new VigilError('invalid_argument', 'OR must stand between two search terms');
      continue;
    }
    if (token.negated) {
      if (pendingOr) throw new VigilError('invalid_argument', 'OR cannot be followed by an excluded term');
      excluded.push(clause);
      continue;
    }
    if (pendingOr) {
      groups.at(-1)!.push(clause);
      pendingOr = false;
    } else groups.push([clause]);
  }
  if (pendingOr) throw new VigilError('invalid_argument', 'OR must stand between two search terms, as in torture OR ill-treatment');
  const hasFilter =
    filters.fields.length || filters.types.length || filters.countries.length || filters.tags.length || filters.sensitivities.length || filters.after || filters.before;
  if (!groups.length && !hasFilter) {
    throw new VigilError('invalid_argument', excluded.length ? 'say what to search for, not only what to leave out' : 'type something to search for');
  }
  return { groups, excluded, filters };
}

function applyFilter(filters: QueryFilters, key: string, value: string, negated: boolean, known: KnownToQuery): void {
  if (negated) throw new VigilError('invalid_argument', `filters cannot be excluded with a minus sign (-${key}:)`);
  if (!value) throw new VigilError('invalid_argument', `${key}: needs a value, as in ${key === 'type' ? 'type:detainee' : key === 'after' ? 'after:2022-01' : `${key}:…`}`);
  if (key.startsWith('field:')) {
    filters.fields.push({ field: key.slice('field:'.length), value });
    return;
  }
  switch (key) {
    case 'type': {
      const type = value.toLowerCase();
      if (!(recordTypes as string[]).includes(type) && !known.types?.has(type)) {
        throw new VigilError('invalid_argument', `type:${value} is not a record type; the types are ${[...recordTypes, ...(known.types ?? [])].join(', ')}`);
      }
      filters.types.push(type as RecordType);
      break;
    }
    case 'country': {
      // A country by its name (country:kazakhstan, country:Казахстан) as by its code.
      const named = /^[A-Za-z]{2}$/.test(value) ? undefined : countryCodeNamed(value.replace(/[-_]/g, ' '));
      if (named) {
        filters.countries.push(named);
        break;
      }
      // A field of the organisation's named country takes what is not a country.
      if (!/^[A-Za-z]{2}$/.test(value) && known.fields?.has('country')) {
        filters.fields.push({ field: 'country', value });
        break;
      }
      if (!/^[A-Za-z]{2}$/.test(value)) throw new VigilError('invalid_argument', `country:${value}: use a two-letter country code such as country:KZ`);
      filters.countries.push(value.toUpperCase());
      break;
    }
    case 'tag':
      filters.tags.push(value.toLowerCase());
      break;
    case 'sensitivity':
      if (!sensitivities.includes(value.toLowerCase())) throw new VigilError('invalid_argument', `sensitivity:${value}: use ${sensitivities.join(', ')}`);
      filters.sensitivities.push(value.toLowerCase());
      break;
    case 'after':
    case 'before': {
      const span = parseFuzzyDate(value.replace(/[-_](?=[A-Za-zА-Яа-я])|(?<=[A-Za-zА-Яа-я])[-_]/g, ' '));
      if (!span?.start || !span.end)
        throw new VigilError('invalid_argument', `${key}:${value} is not a date Vigil can read; write it like ${key}:2022-01-05, ${key}:2022-01 or ${key}:2022`);
      if (key === 'after') filters.after = span.end;
      else filters.before = span.start;
      break;
    }
  }
}
