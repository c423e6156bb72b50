import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../db/service.js';
import { CommandFailed, print, wholeNumber, type Command } from './command-support.js';
import { serveHandler } from './serve-http.js';

/** The built renderer, beside the package's own files. */
const rendererDir = fileURLToPath(new URL('../../renderer/dist', import.meta.url));

/**
 * `vigil serve`: the app in a browser, for machines without the desktop shell. The passphrase
 * is typed into the page, never read from the environment; the address carries a one-time
 * token that the page trades for a session cookie (serve-http.ts); the server listens on
 * 127.0.0.1 only.
 */
export const serveCommand: Command = {
  usage: 'vigil serve DIR [--port N]',
  summary: 'serve the app to a browser on this computer only (http://127.0.0.1), for the archive in DIR',
  options: { port: { type: 'string' } },
  positionals: [1, 1],
  async run([dir], options) {
    const port = wholeNumber(options.port as string | undefined, 'port') ?? 0;
    if (port > 65_535) throw new CommandFailed('--port is a number up to 65535', 1);
    const engine = createEngine();
    const token = randomBytes(24).toString('base64url');
    let listening = 0;
    const handler = serveHandler({ engine, token, port: () => listening, archiveDir: resolve(dir!), staticDir: rendererDir });
    const server = createServer(handler);
    await new Promise<void>((done, fail) => {
      server.once('error', (err: NodeJS.ErrnoException) => fail(new CommandFailed(err.code === 'EADDRINUSE' ? `port ${port} is in use` : `cannot listen: ${err.message}`, 5)));
      server.listen(port, '127.0.0.1', () => done());
    });
    listening = (server.address() as { port: number }).port;
    if (!existsSync(rendererDir)) process.stderr.write('vigil: the user interface is not built in this copy (renderer/dist is missing): only the contract is served\n');
    print(`http://127.0.0.1:${listening}/#token=${token}`);
    // Until interrupted; the archive is locked on the way out.
    await new Promise<void>((done) => {
      const stop = () => {
        engine.shutdown();
        handler.discardUploads();
        server.close(() => done());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // A closed terminal too; and whatever else ends the process, its sealed scratch goes with it
      // (after a crash, its key is gone and the next start deletes it).
      process.once('SIGHUP', stop);
      process.once('exit', () => handler.discardUploads());
    });
  },
};
