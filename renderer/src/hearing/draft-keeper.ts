import { call, callAsPageLeaves } from '../shared/contract-client.js';

/** How soon after a keystroke the draft is written to the archive. */
export const draftDelayMs = 80;

/**
 * The note being typed, kept in the archive under one key within 100 ms of a keystroke: a
 * reload or a crash a moment after typing loses nothing. Writes go one after another, so an
 * older text never lands after a newer one; what the page still holds when it goes away
 * (hidden, reloaded, another hearing opened) is sent at once.
 */
export class DraftKeeper {
  #unwritten: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<unknown> = Promise.resolve();

  constructor(readonly key: string) {}

  /** The field now holds this text. */
  typed(text: string): void {
    this.#unwritten = text;
    this.#timer ??= setTimeout(() => void this.flush(), draftDelayMs);
  }

  /** Writes what is not written yet; resolves once every write so far is done. */
  flush(): Promise<unknown> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const text = this.#unwritten;
    if (text !== undefined) {
      this.#unwritten = undefined;
      this.#writing = this.#writing.then(() => call('drafts.put', { key: this.key, text })).catch(() => undefined);
    }
    return this.#writing;
  }

  /** The page is going away: what is not written yet goes in a request that outlives it. */
  flushAsPageLeaves(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#unwritten === undefined) return;
    callAsPageLeaves('drafts.put', { key: this.key, text: this.#unwritten });
    this.#unwritten = undefined;
  }
}
