import { expect } from 'vitest';
import { VigilError } from '../../db/errors.js';

/** The VigilError `fn` throws; fails the test if it throws nothing or something else. */
export function thrown(fn: () => unknown): VigilError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    return err as VigilError;
  }
  throw new Error('expected an error');
}

/** The VigilError `promise` rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<VigilError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    return err as VigilError;
  }
  throw new Error('expected a rejection');
}
