import { VigilError } from '../errors.js';
import { isPrototypeKey, prototypeKeyRefusal } from './prototype-keys.js';

/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, null removes a key, anything else
 * (arrays included) replaces. This is what `vigil update --json` applies to a record. Only
 * own keys are read; a key naming a prototype is refused rather than assigned.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (isPrototypeKey(key)) throw new VigilError('invalid_record', `the change ${prototypeKeyRefusal(key)}`);
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
