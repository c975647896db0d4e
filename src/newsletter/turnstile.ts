import * as z from 'zod';

/** What Cloudflare's siteverify endpoint answers (Turnstile docs, "Server-side validation"). */
const SiteverifyResponse = z.object({
  success: z.boolean(),
  hostname: z.string().optional(),
  action: z.string().optional(),
  'error-codes': z.array(z.string()).optional(),
});

export interface TurnstileCheck {
  secret: string;
  verifyUrl: string;
  token: string | undefined;
  remoteIp: string | undefined;
  /** Hostnames the widget may have been rendered on (ours and the partners'). */
  hostnames: ReadonlySet<string>;
  action: string;
  fetcher?: typeof fetch;
}

export type TurnstileResult = 'passed' | 'failed' | 'unavailable';

/** Server-side Turnstile check: success, and the hostname and action the token was issued for. */
export async function verifyTurnstile(check: TurnstileCheck): Promise<TurnstileResult> {
  if (!check.token) return 'failed';
  const body = new URLSearchParams({
    secret: check.secret,
    response: check.token,
    ...(check.remoteIp ? { remoteip: check.remoteIp } : {}),
  });
  let data: z.infer<typeof SiteverifyResponse>;
  try {
    const res = await (check.fetcher ?? fetch)(check.verifyUrl, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return 'unavailable';
    const parsed = SiteverifyResponse.safeParse(await res.json());
    if (!parsed.success) return 'unavailable';
    data = parsed.data;
  } catch {
    return 'unavailable';
  }
  const ok =
    data.success && data.hostname !== undefined && check.hostnames.has(data.hostname) && data.action === check.action;
  return ok ? 'passed' : 'failed';
}
