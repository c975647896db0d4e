/**
 * The optional resize helper for iframe embeds (/widget/resize.js; partners may host a copy themselves): gives
 * every `<iframe data-latest-analysis>` the height of its content. A message counts only if it comes from that
 * iframe's window, from the exact origin of its src, and carries the secret this page gave that frame.
 */
import { HEIGHT, HELLO, MAX_HEIGHT, MIN_HEIGHT, PING, READY, type Message } from './protocol';

const frames = new Map<Window, { frame: HTMLIFrameElement; origin: string; secret: string }>();

for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe[data-latest-analysis]')) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  if (frame.contentWindow) {
    frames.set(frame.contentWindow, {
      frame,
      origin: new URL(frame.src, location.href).origin,
      secret: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''),
    });
    frame.contentWindow.postMessage({ type: PING }, '*');
  }
}

addEventListener('message', (event: MessageEvent<Message | null>) => {
  const known = frames.get(event.source as Window);
  if (!known || event.origin !== known.origin) return;
  const { type, secret, height } = event.data ?? {};
  if (type === READY) known.frame.contentWindow?.postMessage({ type: HELLO, secret: known.secret }, known.origin);
  if (type === HEIGHT && secret === known.secret && typeof height === 'number' && Number.isFinite(height)) {
    known.frame.height = String(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height))));
  }
});
