/**
 * Inside /widget/frame (inlined, allowed by its CSP hash): tells a resize helper on the partner's page how tall
 * the widget is. It answers only its parent, and sends the height only to the exact origin that said hello.
 */
import { HEIGHT, HELLO, PING, READY, type Message } from './protocol';

let partner: { origin: string; secret: string } | undefined;

function report(): void {
  if (partner)
    parent.postMessage(
      {
        type: HEIGHT,
        secret: partner.secret,
        height: Math.ceil(document.documentElement.getBoundingClientRect().height),
      },
      partner.origin,
    );
}

addEventListener('message', (event: MessageEvent<Message | null>) => {
  if (event.source !== parent || parent === window) return;
  const { type, secret } = event.data ?? {};
  if (type === PING) parent.postMessage({ type: READY }, event.origin);
  if (type === HELLO && typeof secret === 'string') {
    partner = { origin: event.origin, secret };
    report();
  }
});
new ResizeObserver(report).observe(document.documentElement);
if (parent !== window) parent.postMessage({ type: READY }, '*');
