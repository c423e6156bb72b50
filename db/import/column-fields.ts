import { z } from 'zod';
import { definedTargets, type DefinedColumns } from './defined-columns.js';
import { VigilError } from '../errors.js';
import { findPrototypeKey, prototypeKeyRefusal } from '../records/prototype-keys.js';
import { fuzzyDate } from '../shared/schema-parts.js';
import { recordObjectOf, type RecordType } from '../shared/schemas.js';
import type { Cell } from './read-table.js';

/**
 * Where a spreadsheet column's values go in a record. Detainee lists get named targets for
 * the columns NGOs keep (name, arrest date, charges, place of detention, status, …) with
 * their usual English and Russian headers; every type also takes its own top-level fields
 * by name ("summary", "country", "caseNumber").
 */
export interface ColumnTarget {
  key: string;
  label: string;
  headers: string[];
  set(record: Record<string, unknown>, cell: Cell, context: CellContext): void;
}

export interface CellContext {
  dateOrder: 'dmy' | 'mdy';
}

const detaineeStatuses: Record<string, string> = {
  detained: 'detained',
  'in detention': 'detained',
  'in custody': 'detained',
  arrested: 'detained',
  задержан: 'detained',
  задержана: 'detained',
  'под стражей': 'detained',
  'в сизо': 'detained',
  арестован: 'detained',
  арестована: 'detained',
  'house arrest': 'house-arrest',
  'house-arrest': 'house-arrest',
  'домашний арест': 'house-arrest',
  'под домашним арестом': 'house-arrest',
  released: 'released',
  freed: 'released',
  освобожден: 'released',
  освобождена: 'released',
  освобождён: 'released',
  'на свободе': 'released',
  convicted: 'convicted',
  sentenced: 'convicted',
  осужден: 'convicted',
  осуждена: 'convicted',
  осуждён: 'convicted',
  'serving sentence': 'serving-sentence',
  'serving-sentence': 'serving-sentence',
  'отбывает наказание': 'serving-sentence',
  'отбывает срок': 'serving-sentence',
  disappeared: 'disappeared',
  missing: 'disappeared',
  'пропал без вести': 'disappeared',
  исчез: 'disappeared',
  исчезла: 'disappeared',
  deceased: 'deceased',
  died: 'deceased',
  dead: 'deceased',
  умер: 'deceased',
  умерла: 'deceased',
  погиб: 'deceased',
  погибла: 'deceased',
  exiled: 'exiled',
  'in exile': 'exiled',
  'в эмиграции': 'exiled',
  эмигрировал: 'exiled',
  unknown: 'unknown',
  неизвестно: 'unknown',
};

const textOf = (cell: Cell): string => (cell instanceof Date ? isoDay(cell) : String(cell)).trim();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const listOf = (cell: Cell) =>
  textOf(cell)
    .split(/\s*[;\n]\s*/)
    .filter(Boolean);

/** A cell as a fuzzy date: the words as written, with the day a date in a stated order means. */
export function dateOf(cell: Cell, context: CellContext): unknown {
  if (cell instanceof Date) return { text: isoDay(cell), start: isoDay(cell), end: isoDay(cell) };
  const text = textOf(cell);
  const m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  if (m) {
    const [day, month] = context.dateOrder === 'dmy' ? [+m[1]!, +m[2]!] : [+m[2]!, +m[1]!];
    const iso = `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const parsed = new Date(`${iso}T00:00:00Z`);
    if (month >= 1 && month <= 12 && !Number.isNaN(parsed.getTime()) && isoDay(parsed) === iso) return { text, start: iso, end: iso };
  }
  return text;
}

/**
 * "ст. 174 ч. 2 УК РК; 272" → one charge per article, the words kept as the citation. A part
 * written in brackets after the article ("art. 272(2)", "272(2)(b)") is read as "ч. 2" is, and
 * an item ("п. 3", "(b)") kept too.
 */
export function chargesOf(cell: Cell): Record<string, string>[] {
  return textOf(cell)
    .split(/\s*;\s*|\s*,\s*(?=(?:ст|art|стать|article)?\.?\s*\d)/iu)
    .filter(Boolean)
    .map((piece) => {
      const article = /(?:ст(?:атья|\.)?|art(?:icle|\.)?|бап)?\s*(\d{1,4}(?:[-.]\d{1,3})?)/iu.exec(piece)?.[1];
      const bracketed = /\d\s*\((\d{1,2})\)(?:\s*\(([\p{L}\d]{1,3})\))?/u.exec(piece);
      const part = /(?:ч(?:асть|\.)?|part|бөлік)\s*(\d{1,2})/iu.exec(piece)?.[1] ?? bracketed?.[1];
      const item = /(?:(?<!\p{L})п(?:ункт|\.)|item|тармақ)\s*([\p{L}\d]{1,3})/iu.exec(piece)?.[1] ?? bracketed?.[2];
      const code = /(?<!\p{L})УК(?!\p{L})|уголовн|criminal code|қылмыстық/iu.test(piece) ? 'Criminal Code' : undefined;
      return { ...(code ? { code } : {}), ...(article ? { article } : {}), ...(part ? { part } : {}), ...(item ? { item } : {}), citation: piece };
    });
}

function first(record: Record<string, unknown>, field: string): Record<string, unknown> {
  const list = (record[field] ??= []) as Record<string, unknown>[];
  if (!list[0]) list[0] = {};
  return list[0];
}

const detaineeTargets: ColumnTarget[] = [
  {
    key: 'title',
    label: 'name',
    headers: ['name', 'full name', 'detainee', 'фио', 'ф.и.о.', 'имя', 'фамилия имя отчество', 'фамилия, имя, отчество', 'аты-жөні', 'толық аты-жөні'],
    set: (r, c) => (r.title = textOf(c)),
  },
  {
    key: 'names',
    label: 'other names and spellings',
    headers: ['other names', 'aliases', 'also known as', 'name in russian', 'name (russian)', 'name in latin', 'другие имена', 'имя латиницей', 'фио латиницей', 'транслитерация'],
    set: (r, c) => (r.names = [...((r.names as unknown[] | undefined) ?? []), ...listOf(c).map((name) => ({ name }))]),
  },
  {
    key: 'birth.date',
    label: 'date of birth',
    headers: ['date of birth', 'birth date', 'birthdate', 'dob', 'born', 'year of birth', 'дата рождения', 'год рождения', 'туған күні', 'туған жылы'],
    set: (r, c, ctx) => (((r.birth ??= {}) as Record<string, unknown>).date = dateOf(c, ctx)),
  },
  {
    key: 'birth.place',
    label: 'place of birth',
    headers: ['place of birth', 'birthplace', 'место рождения', 'туған жері'],
    set: (r, c) => (((r.birth ??= {}) as Record<string, unknown>).place = textOf(c)),
  },
  { key: 'gender', label: 'gender', headers: ['gender', 'sex', 'пол', 'жынысы'], set: (r, c) => (r.gender = textOf(c)) },
  { key: 'citizenship', label: 'citizenship', headers: ['citizenship', 'nationality', 'гражданство', 'азаматтығы'], set: (r, c) => (r.citizenship = listOf(c)) },
  {
    key: 'occupation',
    label: 'occupation',
    headers: ['occupation', 'profession', 'job', 'род занятий', 'профессия', 'место работы', 'кәсібі'],
    set: (r, c) => (r.occupation = textOf(c)),
  },
  {
    key: 'affiliations',
    label: 'affiliations',
    headers: ['affiliation', 'affiliations', 'organisation', 'organization', 'party', 'принадлежность', 'организация', 'партия'],
    set: (r, c) => (r.affiliations = listOf(c)),
  },
  {
    key: 'status',
    label: 'status',
    headers: ['status', 'current status', 'статус', 'текущий статус', 'положение', 'мәртебесі'],
    set(r, c) {
      const said = textOf(c).toLowerCase().replace(/\s+/g, ' ');
      const status = Object.hasOwn(detaineeStatuses, said) ? detaineeStatuses[said]! : said;
      r.status = status;
      if (status !== said) r.statusNote = textOf(c);
    },
  },
  {
    key: 'arrest.date',
    label: 'date of arrest',
    headers: [
      'date of arrest',
      'arrest date',
      'arrested',
      'arrested on',
      'detained on',
      'date of detention',
      'дата ареста',
      'дата задержания',
      'задержан',
      'арестован',
      'ұсталған күні',
    ],
    set: (r, c, ctx) => (first(r, 'arrests').date = dateOf(c, ctx)),
  },
  {
    key: 'arrest.place',
    label: 'place of arrest',
    headers: ['place of arrest', 'arrest place', 'where arrested', 'место задержания', 'место ареста'],
    set: (r, c) => (first(r, 'arrests').place = textOf(c)),
  },
  {
    key: 'arrest.authority',
    label: 'arresting authority',
    headers: ['arresting authority', 'arrested by', 'authority', 'кем задержан', 'орган'],
    set: (r, c) => (first(r, 'arrests').authority = textOf(c)),
  },
  {
    key: 'charges',
    label: 'charges',
    headers: ['charges', 'charge', 'article', 'articles', 'criminal code article', 'статья', 'статьи', 'обвинение', 'обвинения', 'статья ук', 'статьи ук', 'бап', 'айып'],
    set: (r, c) => (r.charges = chargesOf(c)),
  },
  {
    key: 'custody.place',
    label: 'place of detention',
    headers: [
      'place of detention',
      'detention facility',
      'held at',
      'prison',
      'facility',
      'место содержания',
      'место содержания под стражей',
      'учреждение',
      'сизо',
      'колония',
      'ұстау орны',
    ],
    set: (r, c) => (first(r, 'custody').place = textOf(c)),
  },
  {
    key: 'sentence',
    label: 'sentence',
    headers: ['sentence', 'приговор', 'срок', 'наказание', 'үкім'],
    set: (r, c) => ((r.decisions ??= []) as unknown[]).push({ kind: 'verdict', sentence: textOf(c) }),
  },
];

const commonTargets: ColumnTarget[] = [
  {
    key: 'summary',
    label: 'summary',
    headers: ['summary', 'notes', 'note', 'comments', 'comment', 'description', 'details', 'примечание', 'примечания', 'комментарий', 'описание', 'подробности', 'ескерту'],
    set: (r, c) => (r.summary = textOf(c)),
  },
  {
    key: 'country',
    label: 'country',
    headers: ['country', 'страна', 'ел'],
    set: (r, c) => (r.country = /^[A-Za-z]{2}$/.test(textOf(c)) ? textOf(c).toUpperCase() : countryCode(textOf(c))),
  },
  { key: 'tags', label: 'tags', headers: ['tags', 'tag', 'labels', 'теги', 'метки'], set: (r, c) => (r.tags = listOf(c).flatMap((t) => t.split(/\s*,\s*/))) },
  { key: 'sensitivity', label: 'sensitivity', headers: ['sensitivity', 'confidentiality', 'конфиденциальность'], set: (r, c) => (r.sensitivity = textOf(c).toLowerCase()) },
  {
    key: 'sources',
    label: 'source',
    headers: ['source', 'sources', 'источник', 'источники', 'дереккөз'],
    set: (r, c) => (r.sources = listOf(c).map((s) => (/^https?:\/\//.test(s) ? { url: s } : { citation: s }))),
  },
];

const titleTarget: ColumnTarget = {
  key: 'title',
  label: 'title',
  headers: ['title', 'name', 'название', 'заголовок', 'наименование', 'атауы'],
  set: (r, c) => (r.title = textOf(c)),
};

const countryNames: Record<string, string> = {
  kazakhstan: 'KZ',
  казахстан: 'KZ',
  қазақстан: 'KZ',
  kyrgyzstan: 'KG',
  кыргызстан: 'KG',
  киргизия: 'KG',
  uzbekistan: 'UZ',
  узбекистан: 'UZ',
  tajikistan: 'TJ',
  таджикистан: 'TJ',
  turkmenistan: 'TM',
  туркменистан: 'TM',
  russia: 'RU',
  россия: 'RU',
  belarus: 'BY',
  беларусь: 'BY',
  azerbaijan: 'AZ',
  азербайджан: 'AZ',
};
function countryCode(name: string): string {
  const key = name.toLowerCase();
  return Object.hasOwn(countryNames, key) ? countryNames[key]! : name;
}

/** The targets a type's columns can map to: named ones first, then its other top-level fields by name, then the organisation's fields. */
export function targetsFor(type: RecordType, defined?: DefinedColumns): ColumnTarget[] {
  const named = type === 'detainee' ? [...detaineeTargets, ...commonTargets] : [titleTarget, ...commonTargets];
  const taken = new Set(named.map((t) => t.key.split('.')[0]!));
  const shape = recordObjectOf(type).shape as Record<string, z.ZodType>;
  const generic: ColumnTarget[] = Object.entries(shape)
    .filter(([field]) => !taken.has(field) && !['links', 'attachments', 'names', 'defined'].includes(field))
    .map(([field, schema]) => genericTarget(field, schema));
  return [...named, ...generic, ...definedTargets(defined, dateOf)];
}

function genericTarget(field: string, schema: z.ZodType): ColumnTarget {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const target: ColumnTarget = { key: field, label: words, headers: [field.toLowerCase(), words], set: (r, c) => (r[field] = textOf(c)) };
  if (inner === fuzzyDate) target.set = (r, c, ctx) => (r[field] = dateOf(c, ctx));
  else if (inner instanceof z.ZodArray && inner.element instanceof z.ZodString) target.set = (r, c) => (r[field] = listOf(c));
  else if (inner instanceof z.ZodBoolean) target.set = (r, c) => (r[field] = typeof c === 'boolean' ? c : /^(yes|true|да|1|иә)$/i.test(textOf(c)));
  else if (inner instanceof z.ZodNumber) target.set = (r, c) => (r[field] = typeof c === 'number' ? c : Number(textOf(c)));
  else if (!(inner instanceof z.ZodString) && !(inner instanceof z.ZodEnum)) target.set = (r, c) => (r[field] = parseJsonCell(field, textOf(c)));
  return target;
}

function parseJsonCell(field: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VigilError('invalid_record', `${field}: expected JSON for this field`);
  }
  const hostile = findPrototypeKey(value);
  if (hostile) throw new VigilError('invalid_record', `${field}: the cell ${prototypeKeyRefusal(hostile)}`);
  return value;
}

/** Headers compared without case, punctuation around them or repeated spaces. */
export function headerKey(header: string): string {
  return header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s_]+/g, ' ')
    .replace(/^[\s"'«»:*#№.-]+|[\s"'«»:*#.-]+$/g, '')
    .trim();
}
