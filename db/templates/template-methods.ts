import { z } from 'zod';
import { defineMethod } from '../contract.js';
import { recordTypes } from '../shared/schemas.js';
import { applyTemplate, showTemplates } from './apply-template.js';
import { archiveTemplates } from './archive-templates.js';

const tally = z.object({ added: z.number(), changed: z.number() });

const labels = z.object({ en: z.string().optional(), ru: z.string().optional(), kk: z.string().optional() });
export interface TermOut {
  key: string;
  labels: z.output<typeof labels>;
  children?: TermOut[];
}
const termOut: z.ZodType<TermOut> = z.lazy(() => z.object({ key: z.string(), labels, children: z.array(termOut).optional() }));
const fieldOut = z.looseObject({ key: z.string(), kind: z.string(), labels });

export const templateMethods = {
  'templates.definitions': defineMethod({
    summary: 'Everything forms, record pages and lists need of the definitions: defined types, the fields of every type, every vocabulary with its terms (shipped ones included).',
    args: z.object({}),
    result: z.object({
      types: z.array(z.looseObject({ key: z.string(), labels, hidden: z.boolean().optional() })),
      fields: z.array(fieldOut.extend({ of: z.string(), hidden: z.boolean().optional() })),
      vocabularies: z.array(z.object({ key: z.string(), labels, terms: z.array(termOut), shipped: z.boolean() })),
    }),
    run: (session) => {
      const templates = archiveTemplates(session.requireArchive().db);
      const strip = <T extends Record<string, unknown>>(d: T) => {
        const { id: _i, title: _t, summary: _s, tags: _g, country: _c, sensitivity: _se, sources: _so, links: _l, attachments: _a, defined: _d, ...rest } = d;
        return rest;
      };
      const types = [...templates.types.values()];
      return {
        types: types.map((t) => strip(t) as { key: string; labels: Record<string, string> }),
        fields: [...recordTypes, ...types.map((t) => t.key)].flatMap((type) =>
          templates.fieldsOf(type).map((f) => strip(f) as { key: string; kind: string; of: string; labels: Record<string, string> }),
        ),
        vocabularies: [...templates.vocabularies.values()].map((v) => ({ key: v.key, labels: v.labels, terms: v.terms, shipped: v.shipped })),
      };
    },
  }),
  'templates.show': defineMethod({
    summary: "The archive's definitions (record types, fields, vocabularies) in the template file's shape, and the keys of the vocabularies Vigil ships.",
    args: z.object({}),
    result: z.looseObject({ format: z.literal('vigil-templates'), version: z.number(), shippedVocabularies: z.array(z.string()) }),
    run: (session) => showTemplates(session.requireArchive()),
  }),
  'templates.apply': defineMethod({
    summary: 'Add or change definitions from a template file (docs/templates.md); a file with any problem changes nothing.',
    args: z.object({ template: z.unknown() }),
    result: z.object({ vocabularies: tally, types: tally, fields: tally }),
    run: (session, args) => applyTemplate(session.requireArchive(), args.template),
  }),
};
