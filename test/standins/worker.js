/* global Response, URL, URLSearchParams, crypto */
// Local stand-ins for the third-party services the worker talks to (a WebSub hub for now). Every
// outbound fetch of the worker under test is routed here (miniflare `outboundService`), so tests
// exercise real HTTP requests without leaving the machine.
//
//   https://hub.test/                    WebSub hub: records each publish ping
//   https://turnstile.test/siteverify    Turnstile siteverify: response "ok:<hostname>:<action>" passes with that
//                                        hostname and action; anything else fails
//   https://mail.test/send               HTTP email API: accepts every message
//   https://standins.test/received?host=hub.test     what a stand-in received, as JSON
//   https://standins.test/fail?host=hub.test&times=2 make the next N requests to a host fail with 503
//   https://standins.test/reset          forget everything
const received = new Map();
const failures = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.hostname === 'standins.test') {
      const host = url.searchParams.get('host') ?? '';
      if (url.pathname === '/received') return Response.json(received.get(host) ?? []);
      if (url.pathname === '/fail') {
        failures.set(host, Number(url.searchParams.get('times') ?? '1'));
        return new Response(null, { status: 204 });
      }
      if (url.pathname === '/reset') {
        received.clear();
        failures.clear();
        return new Response(null, { status: 204 });
      }
      return new Response('unknown stand-in control', { status: 404 });
    }

    const body = await request.text();
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
    if (url.hostname === 'mail.test') return Response.json({ id: crypto.randomUUID() });
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
