import type { RecordType } from './schemas.js';

/**
 * Which record types a reference may point at: a link by its relation, any other reference
 * field by its name. The engine refuses others; a form's picker offers only these.
 */
export const linkTargets: Record<string, readonly RecordType[]> = {
  'detainee-of': ['case', 'event'],
  'defendant-in': ['trial'],
  'observed-at': ['trial', 'hearing'],
  cites: ['report'],
  'about-event': ['event'],
};

export const fieldTargets: Record<string, readonly RecordType[]> = {
  trial: ['trial'],
  hearing: ['hearing'],
  detainee: ['detainee'],
  detainees: ['detainee'],
  case: ['case'],
  report: ['report'],
};
