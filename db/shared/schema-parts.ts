import { z } from 'zod';
import { parseFuzzyDate } from './fuzzy-date.js';
import { indicatorValues, wgadCategoryKeys } from './vocabularies.js';

/** Building blocks shared by the record types. */

export const recordId = z.uuid({ message: 'expected a record id (a UUID)' });
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in lower-case hex');
export const isoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'expected a time as HH:MM');
const knownTimeZones = new Set<string>(Intl.supportedValuesOf('timeZone'));
export const timeZone = z.string().refine((tz) => {
  if (knownTimeZones.has(tz)) return true;
  // Aliases (Asia/Aqtau, Etc/UTC) are valid but not listed; constructing a formatter is slow, so remember them.
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    knownTimeZones.add(tz);
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Asia/Almaty');
export const instant = z.iso.datetime({ offset: true, message: 'expected a date and time such as 2022-01-06T14:36:00+06:00' });

const textError = (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : 'must be text');
export const line = (max = 500) => z.string({ error: textError }).trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const text = (max = 200_000) => z.string({ error: textError }).max(max, `at most ${max} characters`);
/** Key of a vocabulary term; extended vocabularies add keys, so any well-formed key is accepted. */
export const termKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9./()-]{0,63}$/, 'expected a vocabulary key such as public-hearing');

/** Links people may click later: web addresses only, never javascript: or file: URLs. */
export const webAddress = z.url({ protocol: /^https?$/, message: 'expected a web address starting with http:// or https://' }).max(2000);

export const sensitivity = z.enum(['public', 'restricted', 'confidential']);
export const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code such as KZ')
  .transform((c) => c.toUpperCase());
export const tag = z.string().trim().min(1).max(100);
/** A language as an ISO 639 code with an optional region or script ("kk", "ru", "en-GB"). */
export const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language code such as en, ru or kk');

/**
 * A fuzzy date: the words as written plus the range they mean. Accepts a plain string
 * ("early January 2022") or an object; an explicit start/end overrides our reading.
 */
export const fuzzyDate = z
  .union([
    z.string(),
    z.object({
      text: z.string(),
      start: isoDate.optional(),
      end: isoDate.optional(),
      approximate: z.boolean().optional(),
    }),
  ])
  .transform((input, ctx) => {
    const given = typeof input === 'string' ? { text: input } : input;
    const words = given.text.trim();
    if (!words && !given.start && !given.end) {
      ctx.addIssue({ code: 'custom', message: 'a date needs words or a start/end' });
      return z.NEVER;
    }
    const read = words ? parseFuzzyDate(words) : null;
    const start = given.start ?? read?.start;
    const end = given.end ?? read?.end;
    if (start && end && start > end) {
      ctx.addIssue({ code: 'custom', message: `the date range ends (${end}) before it starts (${start})` });
      return z.NEVER;
    }
    // An explicit approximate (true or false) overrides our reading of "on or around".
    const approximate = given.approximate ?? (read?.approximate ? true : undefined);
    return {
      text: words || [start, end].filter(Boolean).join(' – '),
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
      ...(approximate !== undefined ? { approximate } : {}),
    };
  });
export type FuzzyDate = z.output<typeof fuzzyDate>;

/** A fuzzy date as stored: the words as written and the range they mean, and nothing else. */
export function isFuzzyDate(value: unknown): value is FuzzyDate {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { text?: unknown }).text === 'string' &&
    Object.keys(value).every((k) => ['text', 'start', 'end', 'approximate'].includes(k))
  );
}

/** Page, paragraph or line: a number, or a range or label as the document prints it ("12–13", "iv"). */
const anchor = z.union([z.int().nonnegative(), z.string().trim().min(1).max(40)]);

/** Where a fact comes from: a document (a report record or a citation) and the place in it. */
export const sourceRef = z.object({
  report: recordId.optional(),
  citation: line(1000).optional(),
  url: webAddress.optional(),
  section: line(300).optional(),
  page: anchor.optional(),
  paragraph: anchor.optional(),
  line: anchor.optional(),
  quote: text(5000).optional(),
  note: text(5000).optional(),
});

export const asserter = z.object({
  kind: termKey,
  name: line(300).optional(),
});

export const linkRelation = z.enum(['detainee-of', 'defendant-in', 'observed-at', 'cites', 'about-event']);
export const link = z.object({
  rel: linkRelation,
  target: recordId,
  note: line(1000).optional(),
});

export const attachmentRef = z.object({
  sha256: sha256Hex,
  name: line(500),
  size: z.int().nonnegative(),
  mime: line(200).optional(),
  role: z.enum(['original', 'exhibit', 'photo', 'other']).optional(),
});
export type AttachmentRef = z.output<typeof attachmentRef>;

export const nameVariant = z.object({
  name: line(300),
  script: z.enum(['latin', 'cyrillic', 'arabic', 'other']).optional(),
  lang: languageCode.optional(),
  kind: z.enum(['primary', 'transliteration', 'alias', 'former', 'native']).optional(),
});

/** A charge as the law and the source cite it: "article 175 (1) of the Criminal Code". */
export const charge = z.object({
  code: line(300).optional(),
  article: line(50).optional(),
  part: line(50).optional(),
  item: line(50).optional(),
  citation: line(1000).optional(),
  description: text(5000).optional(),
  date: fuzzyDate.optional(),
  status: z.enum(['pending', 'dropped', 'requalified', 'convicted', 'acquitted', 'unknown']).optional(),
  sources: z.array(sourceRef).optional(),
});

export const indicatorValue = z.enum(indicatorValues);
export const wgadCategory = z.enum(wgadCategoryKeys);

/** Fields every record type has. */
/** How a defined field, record type or vocabulary is named in data and on the command line: it never changes. */
export const definitionKey = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a key of lower-case letters, digits, - and _, starting with a letter, such as prison-visit');

export const baseFields = {
  title: line(500),
  summary: text(20_000).optional(),
  tags: z.array(tag).max(200).optional(),
  country: country.optional(),
  sensitivity: sensitivity.optional(),
  sources: z.array(sourceRef).max(1000).optional(),
  links: z.array(link).max(5000).optional(),
  attachments: z.array(attachmentRef).max(1000).optional(),
  defined: z
    .record(definitionKey, z.unknown(), { error: 'must be an object of field values by field key' })
    .optional()
    .describe("values of the fields the organisation defined, by field key; checked against the archive's definitions (docs/templates.md)"),
};
