import { createEngine } from '../db/service.js';
import { serveEngine, type EnginePort } from './engine-host.js';

/** Entry of the engine's utility process: Electron gives it `process.parentPort`. */
const parentPort = (process as unknown as { parentPort?: EnginePort }).parentPort;
if (!parentPort) {
  process.stderr.write('vigil: the engine process is started by the desktop app\n');
  process.exit(1);
}
const engine = createEngine();
serveEngine(parentPort, engine);
process.once('exit', () => engine.shutdown());
