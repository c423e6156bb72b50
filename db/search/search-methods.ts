import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { recordType } from '../shared/schemas.js';
import { addSearchWords, removeSearchWord } from './edit-search-words.js';
import { quickFindHit, searchResults } from './search-results.js';

/** Aliases and concepts are both groups of terms that mean the same for search. */
const term = z.string().min(1).max(200);
const termGroup = z.object({ id: z.number(), terms: z.array(z.string()) });
const addTermsArgs = z.object({ term, synonyms: z.array(term).min(1).max(50) });
const removeTermArgs = z.object({ term });

export const searchMethods = {
  'search.query': defineMethod({
    summary: 'Full-text search across scripts, spellings, inflections and typos; one result per record with its best passage.',
    args: z.object({
      query: z.string().max(2000),
      type: recordType.optional(),
      limit: z.int().min(1).max(500).optional(),
      offset: z.int().min(0).optional(),
    }),
    result: searchResults,
    run: (session, args) => session.requireArchive().search.search(args),
  }),
  'search.find': defineMethod({
    summary: 'Type-ahead: records whose title, names, numbers or aliases start like the text (typos forgiven), optionally of some types only.',
    args: z.object({ text: z.string().min(1).max(200), limit: z.int().min(1).max(100).optional(), types: z.array(recordType).max(16).optional() }),
    result: z.array(quickFindHit),
    run: (session, args) => session.requireArchive().search.find(args.text, args.limit, args.types),
  }),
  'search.reindex': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary: 'Rebuild the search index from every record.',
    args: z.object({}),
    result: z.object({ records: z.number(), passages: z.number() }),
    run: (session) => session.requireArchive().search.rebuild(),
  }),
  'search.aliases.list': defineMethod({
    summary: 'Alias groups: names that mean the same for search.',
    args: z.object({}),
    result: z.array(termGroup),
    run: (session) => session.requireArchive().search.wordGroups('aliases'),
  }),
  'search.aliases.add': defineMethod({
    summary: 'Add synonyms to the alias group of a term (or start a group).',
    args: addTermsArgs,
    result: termGroup,
    run: (session, args) => addSearchWords(session.requireArchive(), 'aliases', args.term, args.synonyms),
  }),
  'search.concepts.list': defineMethod({
    summary: 'Concept groups: terms a question widens to across languages (forced confession = confessions extracted = признательные показания под принуждением).',
    args: z.object({}),
    result: z.array(termGroup),
    run: (session) => session.requireArchive().search.wordGroups('concepts'),
  }),
  'search.concepts.add': defineMethod({
    summary: 'Add terms to the concept of a term (or start a concept).',
    args: addTermsArgs,
    result: termGroup,
    run: (session, args) => addSearchWords(session.requireArchive(), 'concepts', args.term, args.synonyms),
  }),
  'search.concepts.remove': defineMethod({
    summary: 'Remove a term from its concept.',
    args: removeTermArgs,
    result: z.object({ removed: z.boolean() }),
    run: (session, args) => ({ removed: removeSearchWord(session.requireArchive(), 'concepts', args.term) }),
  }),
  'search.aliases.remove': defineMethod({
    summary: 'Remove a term from its alias group.',
    args: removeTermArgs,
    result: z.object({ removed: z.boolean() }),
    run: (session, args) => ({ removed: removeSearchWord(session.requireArchive(), 'aliases', args.term) }),
  }),
};
