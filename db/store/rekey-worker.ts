import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from '../errors.js';
import { rekeyHere } from './rekey-database.js';

/** The worker side of rekeyDatabase: one re-key, then its outcome as error data. */
const { path, oldKey, newKey } = workerData as { path: string; oldKey: string; newKey: string };
try {
  rekeyHere(path, Buffer.from(oldKey, 'hex'), Buffer.from(newKey, 'hex'));
  parentPort!.postMessage({ ok: true });
} catch (err) {
  parentPort!.postMessage({ ok: false, ...toErrorData(err) });
}
