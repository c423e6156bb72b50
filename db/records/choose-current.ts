import { VigilError } from '../errors.js';
import { compareHlc, type Hlc } from './hlc.js';

export interface LeafInfo {
  id: string;
  op: 'put' | 'delete';
  hlc: Hlc;
}

export interface CurrentChoice {
  winner: LeafInfo;
  /** More than one live leaf: people must choose. */
  conflict: boolean;
  deleted: boolean;
}

/**
 * The current value of a record, from its leaves, the same on every replica: a live leaf
 * beats a tombstone (an edit survives a concurrent delete), then the later clock, then the
 * higher revision id.
 */
export function chooseCurrent(leaves: readonly LeafInfo[]): CurrentChoice {
  if (!leaves.length) throw new VigilError('damaged', 'a record has no current version: the archive is inconsistent');
  const live = leaves.filter((l) => l.op === 'put');
  const pool = live.length ? live : leaves;
  let winner = pool[0]!;
  for (const leaf of pool.slice(1)) if (laterThan(leaf, winner)) winner = leaf;
  return { winner, conflict: live.length > 1, deleted: live.length === 0 };
}

export function laterThan(a: LeafInfo, b: LeafInfo): boolean {
  const byClock = compareHlc(a.hlc, b.hlc);
  return byClock > 0 || (byClock === 0 && a.id > b.id);
}
