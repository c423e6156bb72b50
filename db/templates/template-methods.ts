import { z } from 'zod';
import { defineMethod } from '../contract.js';
import { applyTemplate, showTemplates } from './apply-template.js';

const tally = z.object({ added: z.number(), changed: z.number() });

export const templateMethods = {
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
