import { z } from 'zod';
import { fieldDefinition, recordTypeDefinition, vocabularyDefinition } from './definition-schemas.js';
import {
  asserter,
  baseFields,
  definitionKey,
  charge,
  fuzzyDate,
  indicatorValue,
  instant,
  languageCode,
  line,
  nameVariant,
  recordId,
  sourceRef,
  termKey,
  text,
  timeOfDay,
  timeZone,
  wgadCategory,
  webAddress,
} from './schema-parts.js';

/**
 * The one definition of every record type. The engine validates with these, the CLI and the
 * forms read them, exports and the published JSON Schema are generated from them. Every type
 * can be created from a title alone.
 */

export const report = z.object({
  ...baseFields,
  kind: z.enum(['un-opinion', 'ngo-report', 'observation-report', 'article', 'court-document', 'government', 'other']).optional(),
  authors: z.array(line(300)).optional(),
  organisations: z.array(line(300)).optional(),
  symbol: line(200).optional().describe('document symbol or number, e.g. A/HRC/WGAD/2022/57'),
  published: fuzzyDate.optional(),
  periodCovered: fuzzyDate.optional(),
  language: languageCode.optional(),
  url: webAddress.optional(),
  body: text(50_000_000).optional(),
  imported: z
    .object({
      file: line(500),
      format: z.enum(['pdf', 'docx', 'html', 'text', 'markdown', 'jpeg', 'png', 'tiff']),
      pages: z.int().nonnegative().optional(),
      textLayer: z.boolean().describe('false for a scan or a photo: its text, if any, was read by OCR'),
      encoding: line(50).optional(),
      ocr: z
        .object({
          languages: z.array(z.enum(['rus', 'kaz', 'eng'])).max(3),
          pages: z
            .array(
              z.object({
                page: z.int().positive(),
                confidence: z.int().min(0).max(100).describe("Tesseract's mean word confidence for the page"),
                turned: z.int().min(0).max(3).optional().describe('quarter turns clockwise the page needed to stand upright'),
              }),
            )
            .max(100_000),
        })
        .optional()
        .describe('the pages read by OCR (the others had a text layer), with how sure the reading was'),
    })
    .optional()
    .describe('the file this report was imported from (kept as its original attachment)'),
});

/** One arrest; each party's account of it is kept separately, never merged. */
const arrestAccount = z.object({
  by: asserter,
  date: fuzzyDate.optional(),
  place: line(500).optional(),
  authority: line(500).optional(),
  circumstances: text(10_000).optional(),
  source: sourceRef.optional(),
});

const arrest = z.object({
  date: fuzzyDate.optional(),
  place: line(500).optional(),
  authority: line(500).optional(),
  circumstances: text(10_000).optional(),
  accounts: z.array(arrestAccount).optional(),
  sources: z.array(sourceRef).optional(),
});

const custodyPeriod = z.object({
  place: line(500).optional(),
  kind: z.enum(['police', 'pretrial', 'prison', 'psychiatric', 'house-arrest', 'unofficial', 'unknown']).optional(),
  from: fuzzyDate.optional(),
  to: fuzzyDate.optional(),
  note: text(10_000).optional(),
  sources: z.array(sourceRef).optional(),
});

/** A span of time as someone asserted it, with where they said so. */
const assertedPeriod = {
  from: fuzzyDate.optional(),
  to: fuzzyDate.optional(),
  note: text(10_000).optional(),
  by: asserter.optional(),
  source: sourceRef.optional(),
};

const incommunicadoPeriod = z.object(assertedPeriod);

/** Access to counsel, family, doctor or consul, as someone asserted it. */
const accessRecord = z.object({
  kind: z.enum(['counsel', 'chosen-counsel', 'family', 'doctor', 'consular']),
  status: z.enum(['granted', 'denied', 'restricted', 'unknown']),
  ...assertedPeriod,
});

const allegation = z.object({
  kind: z.enum(['torture', 'ill-treatment', 'threats', 'forced-confession', 'denial-of-medical-care', 'incommunicado', 'other']),
  description: text(20_000).optional(),
  date: fuzzyDate.optional(),
  by: asserter.optional(),
  source: sourceRef.optional(),
});

const courtDecision = z.object({
  kind: z.enum(['detention-order', 'extension', 'verdict', 'appeal', 'cassation', 'supervisory', 'release', 'other']),
  date: fuzzyDate.optional(),
  court: line(500).optional(),
  outcome: text(5000).optional(),
  sentence: line(1000).optional(),
  trial: recordId.optional(),
  sources: z.array(sourceRef).optional(),
});

const unCommunication = z.object({
  body: line(200).describe('the UN mechanism, e.g. WGAD, HRC, CAT, a Special Rapporteur'),
  date: fuzzyDate.optional(),
  reference: line(200).optional(),
  case: recordId.optional(),
  note: text(10_000).optional(),
});

/** A detainee's title is their primary name; `names` holds every spelling, script and alias. */
export const detainee = z.object({
  ...baseFields,
  names: z.array(nameVariant).optional(),
  birth: z.object({ date: fuzzyDate.optional(), place: line(500).optional() }).optional(),
  gender: line(50).optional(),
  citizenship: z.array(line(100)).optional(),
  occupation: line(500).optional(),
  affiliations: z.array(line(500)).optional(),
  status: z.enum(['detained', 'house-arrest', 'released', 'convicted', 'serving-sentence', 'disappeared', 'deceased', 'exiled', 'unknown']).optional(),
  statusNote: text(5000).optional(),
  arrests: z.array(arrest).optional(),
  charges: z.array(charge).optional(),
  custody: z.array(custodyPeriod).optional(),
  incommunicado: z.array(incommunicadoPeriod).optional(),
  access: z.array(accessRecord).optional(),
  health: z
    .object({
      summary: text(20_000).optional(),
      conditions: z.array(line(300)).optional(),
      careDenied: z.boolean().optional(),
    })
    .optional()
    .describe('sensitive: medical information'),
  allegations: z.array(allegation).optional(),
  decisions: z.array(courtDecision).optional(),
  communications: z.array(unCommunication).optional(),
});

const defendant = z.object({
  name: line(300),
  detainee: recordId.optional(),
  counsel: z.array(line(300)).optional(),
});

const sentence = z.object({
  defendant: line(300).optional(),
  sentence: line(1000),
  date: fuzzyDate.optional(),
});

export const trial = z.object({
  ...baseFields,
  caseNumber: line(200).optional(),
  court: line(500).optional(),
  venue: line(500).optional(),
  judges: z.array(line(300)).optional(),
  prosecutors: z.array(line(300)).optional(),
  defendants: z.array(defendant).optional(),
  counsel: z.array(line(300)).optional(),
  charges: z.array(charge).optional(),
  status: z.enum(['pre-trial', 'ongoing', 'suspended', 'verdict', 'appeal', 'closed', 'unknown']).optional(),
  opened: fuzzyDate.optional(),
  verdict: z.object({ date: fuzzyDate.optional(), outcome: text(20_000).optional() }).optional(),
  sentences: z.array(sentence).optional(),
});

const indicatorAssessment = z.object({
  indicator: termKey,
  value: indicatorValue,
  note: text(10_000).optional(),
});

export const hearing = z.object({
  ...baseFields,
  trial: recordId.optional(),
  date: fuzzyDate.optional(),
  start: timeOfDay.optional(),
  end: timeOfDay.optional(),
  timeZone: timeZone.optional(),
  observers: z.array(line(300)).optional(),
  access: z
    .object({
      status: z.enum(['granted', 'refused', 'conditional']),
      conditions: z.array(line(500)).optional(),
      note: text(5000).optional(),
    })
    .optional(),
  publicity: z.enum(['public', 'closed', 'partially-closed']).optional(),
  language: line(100).optional(),
  interpretation: z
    .object({
      provided: z.enum(['yes', 'no', 'partial', 'not-needed']),
      languages: z.array(line(100)).optional(),
      note: text(5000).optional(),
    })
    .optional(),
  attendance: z
    .object({
      public: z.int().nonnegative().optional(),
      media: z.int().nonnegative().optional(),
      diplomats: z.int().nonnegative().optional(),
      family: z.int().nonnegative().optional(),
      note: text(5000).optional(),
    })
    .optional(),
  indicators: z.array(indicatorAssessment).optional(),
  testimonies: z.array(z.object({ witness: line(300), role: line(200).optional(), summary: text(50_000).optional(), time: timeOfDay.optional() })).optional(),
  motions: z.array(z.object({ by: line(300).optional(), motion: text(10_000), ruling: text(10_000).optional(), time: timeOfDay.optional() })).optional(),
});

/**
 * One observer note. The title may be left out: it is then the first line of the text.
 * `observedAt` is when it happened in the courtroom; `recordedAt` is when it was typed.
 */
export function titleFromText(text: string): string {
  const firstLine = text.trim().split('\n')[0]!.trim();
  return firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine;
}

/**
 * A note whose title was made from its text keeps following its text when the text is
 * edited; a title someone typed is left alone.
 */
export function followDerivedTitle(type: string, before: Record<string, unknown>, after: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  if (type !== 'note' || 'title' in patch || typeof before.text !== 'string' || typeof after.text !== 'string') return after;
  return before.title === titleFromText(before.text) && after.text.trim() ? { ...after, title: titleFromText(after.text) } : after;
}

const noteFields = z.object({
  ...baseFields,
  hearing: recordId.optional(),
  text: text(100_000).optional(),
  observedAt: instant.optional(),
  recordedAt: instant.optional(),
  sourceKind: termKey.optional(),
  reliability: z.enum(['confirmed', 'probable', 'unverified', 'doubtful']).optional(),
  indicators: z.array(termKey).optional(),
  flags: z
    .object({
      reconstructedFromPaper: z.boolean().optional(),
      viaInterpreter: z.boolean().optional(),
    })
    .optional(),
});

export const note = z.preprocess((input) => {
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const value = input as Record<string, unknown>;
    if (value.title === undefined && typeof value.text === 'string' && value.text.trim()) return { ...value, title: titleFromText(value.text) };
  }
  return input;
}, noteFields);

export const unCase = z.object({
  ...baseFields,
  mechanism: line(200).optional().describe('e.g. WGAD, Human Rights Committee, CAT'),
  reference: line(200).optional(),
  opinionNumber: line(100).optional(),
  status: z.enum(['draft', 'submitted', 'transmitted', 'reply-received', 'opinion-adopted', 'follow-up', 'closed']).optional(),
  submitted: fuzzyDate.optional(),
  transmitted: fuzzyDate.optional(),
  replies: z.array(z.object({ from: line(200), date: fuzzyDate.optional(), summary: text(20_000).optional() })).optional(),
  adopted: fuzzyDate.optional(),
  findings: z
    .array(
      z.object({
        category: wgadCategory,
        finding: z.enum(['arbitrary', 'not-arbitrary', 'not-considered']),
        articles: z.array(line(100)).optional(),
        reasoning: text(50_000).optional(),
      }),
    )
    .optional(),
  remedies: z.array(text(10_000)).optional(),
  followUp: z.array(z.object({ date: fuzzyDate.optional(), action: text(10_000) })).optional(),
  detainees: z.array(recordId).optional(),
});

export const person = z.object({
  ...baseFields,
  names: z.array(nameVariant).optional(),
  role: line(300).optional(),
  birth: z.object({ date: fuzzyDate.optional(), place: line(500).optional() }).optional(),
  affiliations: z.array(line(500)).optional(),
  contact: text(5000).optional().describe('sensitive: how to reach this person'),
});

export const organisation = z.object({
  ...baseFields,
  names: z.array(nameVariant).optional(),
  kind: z.enum(['government', 'court', 'security-service', 'un-body', 'ngo', 'media', 'law-firm', 'other']).optional(),
  url: webAddress.optional(),
});

export const event = z.object({
  ...baseFields,
  date: fuzzyDate.optional(),
  place: line(500).optional(),
  kind: line(200).optional(),
  description: text(100_000).optional(),
});

/**
 * A fair-trial indicator an archive adds to the shipped set (an administrative-trial right, a
 * regional instrument's guarantee): a record like any other, so it is revisioned, signed and
 * carried in bundles to the rest of the team. Its title is its label.
 */
export const indicator = z.object({
  ...baseFields,
  key: termKey.optional().describe('how notes and assessments name it, e.g. right-to-silence; without one, the record id'),
  basis: z.array(line(200)).max(20).optional().describe('where the guarantee comes from, e.g. ICCPR 14(3)(g), ECHR 6(1)'),
  explanation: text(2000).optional().describe('what the right asks of the court, in one line'),
  ru: z
    .object({ label: line(500), explanation: text(2000).optional() })
    .optional()
    .describe('the label and the explanation in Russian'),
});

/**
 * A change a team makes to what search treats as one: a group of names that mean the same
 * (aliases: KNB = КНБ) or a concept's terms across languages. A record, so it is revisioned,
 * signed and carried in bundles like an added indicator. What search uses is Vigil's shipped
 * groups and these records together: terms sharing a word join one group, and `removed` takes
 * terms out, shipped ones included. Two laptops' changes therefore combine, whatever their order.
 */
export const searchWords = z.object({
  ...baseFields,
  kind: z.enum(['aliases', 'concepts']).describe('aliases: names that mean the same; concepts: terms of one idea across languages'),
  terms: z.array(line(200)).max(500).describe('terms searched as one, joining any group that holds one of them'),
  removed: z.array(line(200)).max(500).optional().describe('terms no longer searched with their group, shipped ones included'),
});

export const recordSchemas = {
  report,
  detainee,
  trial,
  hearing,
  note,
  case: unCase,
  person,
  organisation,
  event,
  indicator,
  'search-words': searchWords,
  vocabulary: vocabularyDefinition,
  'record-type': recordTypeDefinition,
  field: fieldDefinition,
} as const;

export type RecordType = keyof typeof recordSchemas;

/**
 * Each record type's fields as a zod object, in the order they are declared: what forms, the
 * CSV columns and spreadsheet imports read (a note's schema fills in its title first, so its
 * fields sit inside that step).
 */
export const recordObjects = { ...recordSchemas, note: noteFields } satisfies Record<RecordType, z.ZodObject>;

export const recordTypes = Object.keys(recordSchemas) as RecordType[];

/** A record of a type the organisation defined: what every record has; its own fields are under `defined`. */
export const definedTypeRecord = z.object({ ...baseFields });

/** A type's schema: its own if built in, else a defined type's (the type's existence is the archive's to check). */
export function recordSchemaOf(type: string): z.ZodType {
  return Object.hasOwn(recordSchemas, type) ? recordSchemas[type as RecordType] : definedTypeRecord;
}

/** A type's fields as a zod object: its own if built in, else a defined type's. */
export function recordObjectOf(type: string): z.ZodObject {
  return Object.hasOwn(recordObjects, type) ? recordObjects[type as RecordType] : definedTypeRecord;
}
export const builtInType = z.enum(recordTypes as [RecordType, ...RecordType[]]);
/**
 * A record type as the contract takes and gives it: built in, or one the organisation defined
 * (a well-formed key; whether this archive defines it is checked where records are written).
 * Typed as RecordType: code that branches on a built-in type reads a defined one as none of them.
 */
export const recordType = z.union([builtInType, definitionKey]) as unknown as typeof builtInType;

export type RecordData<T extends RecordType = RecordType> = z.output<(typeof recordSchemas)[T]>;
export type RecordInput<T extends RecordType = RecordType> = z.input<(typeof recordSchemas)[T]>;

export { sourceRef };
