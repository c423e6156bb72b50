import { z } from 'zod';
import { passageAnchor } from '../shared/passages.js';
import { recordType } from '../shared/schemas.js';

/** What search returns through the contract; the engine's types are derived from these schemas. */

export const snippetFragment = z.object({ text: z.string(), match: z.boolean() });
export type SnippetFragment = z.output<typeof snippetFragment>;

/** Another passage of the same record that answers well, shown under the best one. */
export const searchPassage = z.object({
  passage: z.number(),
  snippet: z.string(),
  fragments: z.array(snippetFragment),
  anchor: passageAnchor,
  /** The passage's language when it can be told (en, ru, kk), so a hit in another language can say so. */
  language: z.string().optional(),
});
export type SearchPassage = z.output<typeof searchPassage>;

export const searchHit = z.object({
  id: z.string(),
  type: recordType,
  title: z.string(),
  /** Higher is better: the second ranking's score of the record's best passage (rank-passages.ts). */
  score: z.number(),
  /** The best passage, shortened around its matches, which are marked **like this**. */
  snippet: z.string(),
  fragments: z.array(snippetFragment),
  anchor: passageAnchor,
  passage: z.number(),
  language: z.string().optional(),
  /** Up to two more passages of the record that answer nearly as well, in the order they stand. */
  more: z.array(searchPassage),
});
export type SearchHit = z.output<typeof searchHit>;

export const searchResults = z.object({
  total: z.number(),
  /** Records matching per type, whatever type is filtered on, for type facets. */
  counts: z.partialRecord(recordType, z.number()),
  hits: z.array(searchHit),
  /** Query words that matched too little and the indexed words searched for instead. */
  corrections: z.array(
    z.object({
      word: z.string(),
      /** Folded index terms searched for instead. */
      suggestions: z.array(z.string()),
      /** Those words as the archive writes them, read from the results shown (for people). */
      written: z.array(z.string()).optional(),
    }),
  ),
  /** Alias groups that widened the query. */
  aliases: z.array(z.array(z.string())),
  /** No passage holds every word asked: the hits hold all but one of them. */
  someWords: z.boolean().optional(),
  /** Words asked that the archive holds nowhere, left out of the search. */
  missing: z.array(z.string()).optional(),
  /** Nothing found: the words asked that the archive holds nowhere, in any spelling. */
  nowhere: z.array(z.string()).optional(),
});
export type SearchResults = z.output<typeof searchResults>;

export const quickFindHit = z.object({ id: z.string(), type: recordType, title: z.string(), score: z.number() });
export type QuickFindHit = z.output<typeof quickFindHit>;
