import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseStartArgs, portInUse } from '../../scripts/lib/dev-port';

describe('the port npm start serves on', () => {
  it('is 8787 unless told otherwise', () => {
    expect(parseStartArgs([], {})).toEqual({ port: 8787, wranglerArgs: [] });
  });

  it('comes from PORT, or from --port N / --port=N, which wins over PORT', () => {
    expect(parseStartArgs([], { PORT: '8898' }).port).toBe(8898);
    expect(parseStartArgs(['--port', '8898'], { PORT: '9000' }).port).toBe(8898);
    expect(parseStartArgs(['--port=8898'], {}).port).toBe(8898);
  });

  it('passes every other argument to wrangler unchanged, in order', () => {
    expect(parseStartArgs(['--var', 'EDGE_CACHE:off', '--port', '8898', '--inspector-port', '9330'], {})).toEqual({
      port: 8898,
      wranglerArgs: ['--var', 'EDGE_CACHE:off', '--inspector-port', '9330'],
    });
  });

  it.each([['0'], ['65536'], ['eighty'], ['80.5'], ['']])('refuses --port %j', (value) => {
    expect(() => parseStartArgs(['--port', value], {})).toThrow(/--port must be a port number from 1 to 65535/);
  });

  it('accepts the bounds 1 and 65535', () => {
    expect(parseStartArgs(['--port', '1'], {}).port).toBe(1);
    expect(parseStartArgs([], { PORT: '65535' }).port).toBe(65535);
  });

  it('refuses --port with no value', () => {
    expect(() => parseStartArgs(['--port'], {})).toThrow(/not ""/);
  });

  it('sees a port another process listens on as taken, and a free one as free', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    expect(await portInUse(port)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await portInUse(port)).toBe(false);
  });
});
