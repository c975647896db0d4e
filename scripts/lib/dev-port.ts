import { createServer } from 'node:net';

export const DEFAULT_PORT = 8787;

export interface StartArgs {
  port: number;
  /** Everything else on the command line, handed to `wrangler dev` unchanged. */
  wranglerArgs: string[];
}

function parsePort(value: string | undefined, from: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value ?? '') || port < 1 || port > 65535) {
    throw new Error(`${from} must be a port number from 1 to 65535, not "${value ?? ''}"`);
  }
  return port;
}

/**
 * The port from `--port N` or `--port=N` (the last one wins, as in wrangler), else from `PORT`, else 8787.
 * `npm start -- --port N` used to reach wrangler next to our own `--port` and fail; it is taken out here and
 * every other argument passes through.
 */
export function parseStartArgs(argv: string[], env: { PORT?: string }): StartArgs {
  let port: number | undefined;
  const wranglerArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--port') port = parsePort(argv[++i], arg);
    else if (arg.startsWith('--port=')) port = parsePort(arg.slice('--port='.length), '--port');
    else wranglerArgs.push(arg);
  }
  port ??= env.PORT ? parsePort(env.PORT, 'PORT') : DEFAULT_PORT;
  return { port, wranglerArgs };
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      // No IPv6 on this machine: nothing can be listening there either.
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') resolve(true);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Whether another process holds the port on loopback, where `wrangler dev` listens and where a browser
 * opening http://localhost:PORT connects (IPv4 or IPv6).
 */
export async function portInUse(port: number): Promise<boolean> {
  for (const host of ['127.0.0.1', '::1']) if (!(await canListen(port, host))) return true;
  return false;
}

/** The first free port after `port`, to suggest instead. */
export async function nextFreePort(port: number): Promise<number> {
  let candidate = port + 1;
  while (candidate < 65535 && (await portInUse(candidate))) candidate++;
  return candidate;
}
