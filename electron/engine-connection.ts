import type { ProgressEvent, Response } from '../db/contract.js';
import type { EngineMessage, EngineRequest } from './engine-host.js';

/** The engine's process as the main process sees it (Electron's UtilityProcess). */
export interface EngineChild {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export interface EngineConnection {
  call(method: string, args: unknown, onProgress?: (event: ProgressEvent) => void): Promise<Response<unknown>>;
  readonly stopped: boolean;
}

/**
 * The main process's side: each call gets an id and resolves with the engine's reply. If the
 * engine's process dies, every pending and later call answers with an error, never hangs.
 */
export function connectEngine(child: EngineChild): EngineConnection {
  let nextId = 1;
  let stopped = false;
  const pending = new Map<number, { resolve: (reply: Response<unknown>) => void; onProgress?: (event: ProgressEvent) => void }>();
  const stoppedReply: Response<unknown> = { ok: false, error: { code: 'internal', message: 'the archive engine stopped: restart Vigil' } };

  child.on('message', (message) => {
    const data = message as Partial<EngineMessage> | null;
    if (!data || typeof data.id !== 'number') return;
    const waiting = pending.get(data.id);
    if (!waiting) return;
    if ('progress' in data) waiting.onProgress?.(data.progress as ProgressEvent);
    else if ('reply' in data) {
      pending.delete(data.id);
      waiting.resolve(data.reply as Response<unknown>);
    }
  });
  child.on('exit', () => {
    stopped = true;
    for (const waiting of pending.values()) waiting.resolve(stoppedReply);
    pending.clear();
  });

  return {
    get stopped() {
      return stopped;
    },
    call(method, args, onProgress) {
      if (stopped) return Promise.resolve(stoppedReply);
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve, ...(onProgress ? { onProgress } : {}) });
        child.postMessage({ id, method, args } satisfies EngineRequest);
      });
    },
  };
}
