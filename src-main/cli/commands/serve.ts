/** shoebox serve: the app's window in a browser, over the loopback HTTP bridge. */
import { fileURLToPath } from 'node:url';
import type { Command } from './command.js';
import { startBridge } from '../../bridge/server.js';
import { pathOption, positiveInt } from '../args.js';
import { ShoeboxError } from '../../core/util/errors.js';

/** dist/src-main/cli/commands/serve.js → dist/renderer */
const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/', import.meta.url));

export const serveCommand: Command = {
  name: 'serve',
  summary:
    'serve [--port N] [--catalog FILE] [--no-watch]   open the app in a browser: serves the window and its API on 127.0.0.1 with a one-time token',
  // The app recovers an interrupted apply at start and shows what it did in the window.
  recoversItself: true,
  // The window's app: background jobs, watching, and another model catalog if asked
  // (a mirror; the tests' loopback server; SHOEBOX_CATALOG works too).
  appOptions: (values) => ({
    background: true,
    batchSize: positiveInt(values['batch-size'] as string | undefined, 'batch-size', 16),
    catalogFile: pathOption(values.catalog),
    watch: !values['no-watch'],
  }),
  options: { port: { type: 'string' }, 'batch-size': { type: 'string' }, catalog: { type: 'string' }, 'no-watch': { type: 'boolean', default: false } },
  async run(s, _positionals, values) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ShoeboxError('usage', `--port must be 0–65535, not "${String(values.port)}".`);
    const { app } = s;
    let bridge;
    try {
      bridge = await startBridge({ app, port, rendererDir: process.env.SHOEBOX_RENDERER_DIR ?? RENDERER_DIR });
    } catch (err) {
      throw new ShoeboxError('io', `Cannot listen on 127.0.0.1:${port}: ${(err as Error).message}`);
    }
    // Ctrl-C / SIGTERM are caught before the address is printed: whoever reads it may stop the server at once.
    const stopped = new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    // Recovery of an interrupted apply and the folder watcher are ready before the address is printed.
    await app.start();
    s.out.result({ url: bridge.openUrl, port: bridge.port, token: bridge.token }, () => `Shoebox is at ${bridge.openUrl}`);
    s.out.log('Open that address in a browser on this machine. Ctrl-C stops.');
    await stopped;
    await bridge.close();
  },
};
