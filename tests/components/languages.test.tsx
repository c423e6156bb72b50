import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, type Messages } from '../../renderer/src/i18n/en.js';
import { ru } from '../../renderer/src/i18n/ru.js';

/** Every message key, with plural forms counted once ("found_one", "found_other" → "found"). */
function keys(messages: Messages, prefix = ''): Set<string> {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = `${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`;
    if (typeof value === 'string') found.add(path);
    else for (const inner of keys(value, `${path}.`)) found.add(inner);
  }
  return found;
}

describe('the interface languages', () => {
  it('Russian has every English message, and no message English lacks', () => {
    expect([...keys(ru)].sort()).toEqual([...keys(en)].sort());
  });

  it('Russian counts have the one, few and many forms wherever English counts', () => {
    const plural = (m: Messages, prefix = ''): string[] =>
      Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? (k.endsWith('_one') ? [`${prefix}${k.slice(0, -4)}`] : []) : plural(v, `${prefix}${k}.`)));
    for (const key of plural(en)) {
      const [group, name] = key.split('.') as [string, string];
      const forms = ru[group as keyof typeof ru] as Record<string, string>;
      for (const form of ['one', 'few', 'many']) expect(forms[`${name}_${form}`], `${key}_${form}`).toMatch(/\{\{count(, number)?\}\}/);
    }
  });

  it('every fixed key the interface asks for exists in English', () => {
    const dir = join(import.meta.dirname, '..', '..', 'renderer', 'src');
    const all = keys(en);
    const asked = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1]!));
    expect(asked.length).toBeGreaterThan(50);
    for (const key of asked) expect(all.has(key), key).toBe(true);
  });
});
