import { VigilError, type ErrorCode } from '../errors.js';

/**
 * Keys that reach an object's prototype when assigned (`obj[key] = v`) or read (`obj[key]`).
 * JSON.parse and structured cloning make them ordinary own properties, harmless until some
 * code copies them by assignment: then one peer's revision can change every object in the
 * engine (a `to` planted on Object.prototype once sent the team's bundles to an attacker).
 * No Vigil ever writes such a key, so every boundary where outside input is parsed (bundles,
 * imported files, the contract's arguments, `vigil serve`'s requests) refuses input holding
 * one at any depth, and the code that copies record data checks own keys only.
 */
export const prototypeKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPrototypeKey(key: PropertyKey): boolean {
  return typeof key === 'string' && prototypeKeys.has(key);
}

/**
 * Where the first prototype-bearing key is in a parsed value ("health.__proto__"), or null.
 * Iterative, so that a deeply nested value cannot overflow the stack.
 */
export function findPrototypeKey(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const stack: { node: object; path: string }[] = [{ node: value, path: '' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node, path } = item;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (typeof child === 'object' && child !== null) stack.push({ node: child, path: `${path}[${i}]` });
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const where = path ? `${path}.${key}` : key;
      if (prototypeKeys.has(key)) return where;
      const child: unknown = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ node: child, path: where });
    }
  }
  return null;
}

/**
 * findPrototypeKey for a value just parsed from `text`, skipping the walk when the text cannot
 * hold such a key: every one of them contains "proto" or "constructor", unless spelt with
 * \u escapes, which JSON writers other than an attacker's use only for control characters.
 */
export function findPrototypeKeyInJson(text: string, parsed: unknown): string | null {
  if (!text.includes('proto') && !text.includes('constructor') && !text.includes('\\u')) return null;
  return findPrototypeKey(parsed);
}

/** The one line a refusal says, after what was refused ("revision 3 of the bundle"). */
export function prototypeKeyRefusal(where: string): string {
  const key = where.slice(Math.max(where.lastIndexOf('.'), where.lastIndexOf(']')) + 1);
  return `holds a field named "${key}"${where === key ? '' : ` (at ${where})`}, which Vigil never writes: refused`;
}

/**
 * JSON from outside (a bundle's manifest or revision, keys.json, a page's request), parsed and
 * refused in one line if it is not JSON or holds a key that names a prototype; `subject` begins
 * the refusal ("revision 3 of the bundle").
 */
export function parseOutsideJson(text: string, subject: string, code: ErrorCode = 'damaged'): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new VigilError(code, `${subject} is not valid JSON`);
  }
  const hostile = findPrototypeKeyInJson(text, parsed);
  if (hostile) throw new VigilError(code, `${subject} ${prototypeKeyRefusal(hostile)}`);
  return parsed;
}
