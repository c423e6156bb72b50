import { resolve } from 'node:path';
import { filesNamedBy } from '../db/service.js';

/**
 * The files and folders the page may name to the engine: only those the user chose in a
 * native dialog or dropped into the window (in browser mode, `vigil serve`'s uploads and the
 * files it makes for download). Anything else is refused, so script that found its way into
 * the page still could not export an archive over a file of its choosing, or read one. Which
 * arguments name files is declared beside each method in the contract (`files`).
 */
export class PathGrants {
  readonly #granted = new Set<string>();

  grant(paths: readonly string[]): void {
    for (const path of paths) this.#granted.add(resolve(path));
  }

  /** Takes grants back (a file that is gone: an upload imported, a download handed over). */
  revoke(paths: readonly unknown[]): void {
    for (const path of paths) if (typeof path === 'string') this.#granted.delete(resolve(path));
  }

  /** Why a call may not go ahead (a path the user did not choose), or null when it may. */
  refusal(method: string, args: unknown): string | null {
    for (const path of filesNamedBy(method, args)) {
      if (typeof path !== 'string' || !this.#granted.has(resolve(path))) return 'files are chosen in a dialog or dropped into the window';
    }
    return null;
  }
}
