/**
 * Messages between /widget/frame and the resize helper on the partner's page, after WordPress's wp-embed:
 * a per-frame secret, `event.source` and the exact origin checked on both sides, heights clamped.
 *
 *   frame → parent  READY             on load, to "*": it carries nothing, it only says "ask me"
 *   parent → frame  PING              to "*", nothing in it: "are you there?" (for frames that loaded first)
 *   frame → parent  READY             in reply, now to the exact origin the ping came from
 *   parent → frame  HELLO + secret    to the frame's exact origin
 *   frame → parent  HEIGHT + secret   to the exact origin the hello came from, whenever the height changes
 */
export const READY = 'latest-analysis:ready';
export const PING = 'latest-analysis:ping';
export const HELLO = 'latest-analysis:hello';
export const HEIGHT = 'latest-analysis:height';

/** A frame may ask for no less and no more than this, whatever it sends. */
export const MIN_HEIGHT = 80;
export const MAX_HEIGHT = 4000;

export interface Message {
  type?: unknown;
  secret?: unknown;
  height?: unknown;
}
