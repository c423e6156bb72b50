import { z } from 'zod';
import { definitionKey, fieldKinds, groupMember, labels, maxTerms, uwaziPropertyTypes, vocabularyTermKey, type VocabularyTerm } from '../shared/definition-schemas.js';
import { sensitivity } from '../shared/schema-parts.js';

/**
 * The file `vigil template apply` reads and `vigil template show --json` writes
 * (docs/templates.md, docs/template.schema.json): vocabularies, record types with their
 * fields, and fields added to any type. Versioned, so a file from a later Vigil is refused
 * rather than half-read; a file without `version` is read as version 1.
 */
export const templateFileVersion = 1;

const term: z.ZodType<VocabularyTerm> = z.lazy(() => z.object({ key: vocabularyTermKey, labels: labels(), children: z.array(term).max(maxTerms).optional() }).strict());

const fieldInFile = {
  key: definitionKey,
  kind: z.enum(fieldKinds),
  labels: labels(),
  help: labels(2000).optional(),
  required: z.boolean().optional(),
  valueSensitivity: sensitivity.optional(),
  vocabulary: definitionKey.optional(),
  multiple: z.boolean().optional(),
  linkTypes: z.array(definitionKey).max(20).optional(),
  fields: z.array(groupMember).min(1).max(50).optional(),
  hidden: z.boolean().optional(),
  uwazi: z.enum(uwaziPropertyTypes).optional(),
};

export const templateFile = z
  .object({
    $schema: z.string().optional(),
    format: z.literal('vigil-templates').optional(),
    version: z.literal(templateFileVersion, { error: `this Vigil reads template files of version ${templateFileVersion}` }).optional(),
    vocabularies: z
      .array(z.object({ key: definitionKey, labels: labels(), terms: z.array(term).max(maxTerms) }).strict())
      .max(500)
      .optional(),
    types: z
      .array(
        z
          .object({
            key: definitionKey,
            labels: labels(),
            help: labels(2000).optional(),
            hidden: z.boolean().optional(),
            fields: z.array(z.object(fieldInFile).strict()).max(200).optional(),
          })
          .strict(),
      )
      .max(200)
      .optional(),
    fields: z
      .array(z.object({ type: definitionKey, ...fieldInFile }).strict())
      .max(2000)
      .optional(),
    // What `template show` adds for a reader: the vocabularies Vigil ships. Read back, it changes nothing.
    shippedVocabularies: z.array(z.string()).optional(),
  })
  .strict();

export type TemplateFile = z.output<typeof templateFile>;
export type FieldInFile = z.output<z.ZodObject<typeof fieldInFile>>;
