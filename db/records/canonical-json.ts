import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/**
 * RFC 8785 (JCS) canonical JSON: the exact bytes that revision ids and audit hashes cover.
 *
 * Plain JSON data (what records hold) takes a fast path: a copy with every object's keys in
 * code-unit order, written by JSON.stringify, whose strings and numbers are already JCS's.
 * Anything else — a key that is an array index (JavaScript puts those first whatever their
 * order), a number that is not finite, a lone surrogate, a toJSON method — goes to the
 * reference implementation, which also refuses what JCS cannot represent. A property test
 * keeps the two equal.
 */
export function canonicalJson(value: unknown): string {
  const sorted = sortedCopy(value);
  const out = sorted === notPlain ? canonicalize(value) : JSON.stringify(sorted);
  if (out === undefined) throw new TypeError('value cannot be represented as canonical JSON');
  return out;
}

const notPlain = Symbol('not plain JSON');
const arrayIndex = /^(?:0|[1-9]\d*)$/;

function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? value : notPlain;
    case 'number':
      return Number.isFinite(value) ? value : notPlain;
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = value[i] === undefined ? null : sortedCopy(value[i]);
          if (item === notPlain) return notPlain;
          out[i] = item;
        }
        return out;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return notPlain;
      const keys = Object.keys(value).sort();
      // No prototype: a key "__proto__" is then a key like any other.
      const out = Object.create(null) as Record<string, unknown>;
      for (const key of keys) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        if (arrayIndex.test(key) || !key.isWellFormed()) return notPlain;
        const copy = sortedCopy(item);
        if (copy === notPlain) return notPlain;
        out[key] = copy;
      }
      return out;
    }
    default:
      return notPlain;
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
