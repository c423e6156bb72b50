import type { ProgressEvent, Response } from '../db/contract.js';
import type { Engine } from '../db/service.js';

/**
 * The engine's side of the desktop shell: the contract served over a message port, in a
 * process of its own so that a long search, import or bundle never freezes the window.
 * Messages are `{id, method, args}` in; `{id, progress}` (any number) then `{id, reply}` out.
 */
export interface EnginePort {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export type EngineRequest = { id: number; method: string; args: unknown };
export type EngineMessage = { id: number; progress: ProgressEvent } | { id: number; reply: Response<unknown> };

export function serveEngine(port: EnginePort, engine: Engine): void {
  port.on('message', ({ data }) => {
    const request = data as Partial<EngineRequest> | null;
    if (!request || typeof request.id !== 'number') return;
    const id = request.id;
    if (typeof request.method !== 'string') {
      port.postMessage({ id, reply: { ok: false, error: { code: 'invalid_argument', message: 'a call names its method' } } } satisfies EngineMessage);
      return;
    }
    void engine
      .call(request.method as never, request.args as never, { onProgress: (progress) => port.postMessage({ id, progress } satisfies EngineMessage) })
      .then((reply) => port.postMessage({ id, reply } satisfies EngineMessage));
  });
}
