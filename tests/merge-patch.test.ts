import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../db/records/merge-patch.js';

describe('applyMergePatch (RFC 7396)', () => {
  it('merges objects, removes null keys and replaces arrays', () => {
    const target = { title: 'A', tags: ['x'], birth: { date: '1965', place: 'Almaty' } };
    expect(applyMergePatch(target, { tags: ['y'], birth: { place: null }, status: 'detained' })).toEqual({
      title: 'A',
      tags: ['y'],
      birth: { date: '1965' },
      status: 'detained',
    });
    expect(target.birth.place).toBe('Almaty');
  });
});
