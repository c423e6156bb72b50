import { z } from 'zod';
import { templateFile, templateFileVersion } from './template-file.js';

/**
 * The JSON Schema (draft 2020-12) of a template file, generated from the zod schema `template
 * apply` reads it with; docs/template.schema.json is this, written by `vigil template schema`.
 */
export function templateFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(templateFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://vigil.invalid/schemas/templates-${templateFileVersion}.json`,
    title: `Vigil template file, version ${templateFileVersion}`,
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
