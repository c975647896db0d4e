/* global Response, URL, URLSearchParams, crypto */
// Local stand-ins for the third-party services the worker talks to (a WebSub hub for now). Every
// outbound fetch of the worker under test is routed here (miniflare `outboundService`), so tests
// exercise real HTTP requests without leaving the machine.
//
//   https://hub.test/                    WebSub hub: records each publish ping
//   https://turnstile.test/siteverify    Turnstile siteverify: response "ok:<hostname>:<action>" passes with that
//                                        hostname and action; anything else fails
//   https://mail.test/send               HTTP email API: accepts every message. Like providers that honour an
//                                        Idempotency-Key header, a repeated key delivers nothing new and gets the
//                                        first answer again.
//   https://roundup-mail.test/send       the same API for round-up sends, kept apart: a round-up test runs for many
//                                        queue batches, and only /reset?host=roundup-mail.test forgets its state
//   https://standins.test/received?host=hub.test     what a stand-in received, as JSON
//   https://standins.test/delivered?host=mail.test   mail an email API delivered: [{to, subject, key, requests}]
//   https://standins.test/fail?host=hub.test&times=2 make the next N requests to a host fail with 503
//   https://standins.test/fail?host=mail.test&every=7   fail every 7th request with 503 (nothing delivered)
//   https://standins.test/fail?host=mail.test&lose=11   deliver every 11th request but answer 503, as when the
//                                                       answer is lost on the way back
//   https://standins.test/reset          forget everything (but the round-up API's state)
//   https://standins.test/reset?host=roundup-mail.test   forget one host's state
const received = new Map();
const failures = new Map();
/** Per host: {every, lose, count} of the periodic failure modes. */
const periodic = new Map();
/** Per email API host: mail delivered, by idempotency key (or a fresh id without one). */
const delivered = new Map();
const KEPT_ON_RESET = 'roundup-mail.test';
const deliveredAt = (host) => delivered.get(host) ?? delivered.set(host, new Map()).get(host);

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.hostname === 'standins.test') {
      const host = url.searchParams.get('host') ?? '';
      if (url.pathname === '/received') return Response.json(received.get(host) ?? []);
      if (url.pathname === '/delivered') return Response.json([...deliveredAt(host).values()]);
      if (url.pathname === '/fail') {
        const every = Number(url.searchParams.get('every') ?? '0');
        const lose = Number(url.searchParams.get('lose') ?? '0');
        if (every || lose) periodic.set(host, { every, lose, count: 0 });
        else failures.set(host, Number(url.searchParams.get('times') ?? '1'));
        return new Response(null, { status: 204 });
      }
      if (url.pathname === '/reset') {
        for (const state of [received, failures, periodic, delivered]) {
          if (host) state.delete(host);
          else for (const name of [...state.keys()]) if (name !== KEPT_ON_RESET) state.delete(name);
        }
        return new Response(null, { status: 204 });
      }
      return new Response('unknown stand-in control', { status: 404 });
    }

    const body = await request.text();
    if (url.hostname === 'mail.test' || url.hostname === KEPT_ON_RESET) return mailApi(url.hostname, request, body);
    const record = {
      method: request.method,
      path: url.pathname,
      contentType: request.headers.get('content-type'),
      body,
    };
    const list = received.get(url.hostname) ?? [];
    list.push(record);
    received.set(url.hostname, list);

    const failing = failures.get(url.hostname) ?? 0;
    if (failing > 0) {
      failures.set(url.hostname, failing - 1);
      return new Response('stand-in told to fail', { status: 503 });
    }
    if (url.hostname === 'hub.test') return new Response(null, { status: 204 });
    if (url.hostname === 'turnstile.test') {
      const token = new URLSearchParams(body).get('response') ?? '';
      const [verdict, hostname, action] = token.split(':');
      return Response.json(
        verdict === 'ok'
          ? { success: true, hostname, action }
          : { success: false, 'error-codes': ['invalid-input-response'] },
      );
    }
    return new Response('no stand-in for this host', { status: 502 });
  },
};

/** The HTTP email API stand-in, with its failure modes and Idempotency-Key handling. */
function mailApi(host, request, body) {
  const list = received.get(host) ?? [];
  // Round-up sends are many: keep the bodies of the first few hundred only.
  list.push({
    method: request.method,
    path: new URL(request.url).pathname,
    contentType: request.headers.get('content-type'),
    body: list.length < 500 ? body : '',
  });
  received.set(host, list);
  const failing = failures.get(host) ?? 0;
  if (failing > 0) {
    failures.set(host, failing - 1);
    return new Response('stand-in told to fail', { status: 503 });
  }
  const mode = periodic.get(host);
  if (mode) mode.count++;
  if (mode?.every && mode.count % mode.every === 0)
    return new Response('stand-in failing periodically', { status: 503 });
  const key = request.headers.get('idempotency-key') ?? crypto.randomUUID();
  const sent = deliveredAt(host);
  const known = sent.get(key);
  if (known) {
    known.requests++;
    return Response.json({ id: known.id });
  }
  const mail = JSON.parse(body);
  const id = crypto.randomUUID();
  sent.set(key, { id, to: mail.to[0], subject: mail.subject, key, requests: 1 });
  if (mode?.lose && mode.count % mode.lose === 0) return new Response('answer lost', { status: 503 });
  return Response.json({ id });
}
