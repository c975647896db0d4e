import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request, by default on a connection of its own (no keep-alive pool): the benchmark restarts workerd on the
 * same ports, and a pooled socket to the previous process would fail the next request. A caller measuring one
 * runtime request by request passes a keep-alive `agent`, so that accepting connections is not measured.
 */
export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const options = { method: init.method ?? 'GET', headers: init.headers, agent: init.agent ?? false };
    const req = httpRequest(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** `send`, resending when the connection itself fails (not on an HTTP error status). */
export async function sendRetrying(
  url: string,
  init: Parameters<typeof send>[1] = {},
  attempts = 5,
): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(url, init);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** A header as one string (repeated headers joined as HTTP allows), or null. */
export function header(answer: HttpAnswer, name: string): string | null {
  const value = answer.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}
