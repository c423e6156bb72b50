import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../db/records/canonical-json.js';

/** The reference implementation's answer, or the fact that it refused. */
function reference(value: unknown): string | 'refused' {
  try {
    return canonicalize(value) ?? 'refused';
  } catch {
    return 'refused';
  }
}

function ours(value: unknown): string | 'refused' {
  try {
    return canonicalJson(value);
  } catch {
    return 'refused';
  }
}

describe('canonical JSON', () => {
  it('is byte for byte the reference RFC 8785 implementation on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(ours(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with it on keys that are numbers, odd strings, undefined, dates and non-finite numbers too', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '2', '007', '4294967295', '__proto__', 'a\u{1F600}', '\uD800', 'é', 'e\u0301'));
    const leaf = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(key, tie('node'))),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(ours(v)).toBe(reference(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    expect(canonicalJson({ b: 1, a: [1e21, -0, 0.1], é: 'x', Z: null, '\u{1F600}': true, '\uFF01': false })).toBe(
      '{"Z":null,"a":[1e+21,0,0.1],"b":1,"é":"x","\u{1F600}":true,"\uFF01":false}',
    );
    expect(canonicalJson({ 10: 'a', 9: 'b', x: [undefined] })).toBe('{"10":"a","9":"b","x":[null]}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });
});
