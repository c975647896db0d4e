/**
 * Anyone can send a User-Agent, so a subscriber count is believed only when it is plausible. A count more than
 * JUMP_FACTOR times the last accepted one (or, for a reader and feed-id never counted before, more than
 * JUMP_FACTOR × NEW_FLOOR) is held as unverified; it is accepted once a later poll, at least REPEAT_AFTER_MS after
 * the first, announces a count within JUMP_FACTOR of it. Falling counts are accepted at once: they inflate nothing.
 */
export const JUMP_FACTOR = 10;
/** A reader new to a feed may announce up to JUMP_FACTOR × NEW_FLOOR (100) subscribers straight away. */
export const NEW_FLOOR = 10;
/** Aggregators poll every 15 minutes to a few hours; a forged header sent once never repeats an hour later. */
export const REPEAT_AFTER_MS = 60 * 60 * 1000;

/** What D1 keeps per feed path, reader and feed-id (table subscriber_state). */
export interface SubscriberState {
  verified: number | null;
  verifiedAt: number | null;
  held: number | null;
  heldAt: number | null;
}

export const NO_STATE: SubscriberState = { verified: null, verifiedAt: null, held: null, heldAt: null };

const withinJump = (a: number, b: number) => a <= JUMP_FACTOR * Math.max(b, 1) && b <= JUMP_FACTOR * Math.max(a, 1);

/** The state after one announced count, and whether that count is now the accepted one. */
export function judgeCount(
  state: SubscriberState,
  count: number,
  at: number,
): { state: SubscriberState; accepted: boolean } {
  const baseline = state.verified ?? NEW_FLOOR;
  const repeated =
    state.held !== null &&
    state.heldAt !== null &&
    withinJump(count, state.held) &&
    at - state.heldAt >= REPEAT_AFTER_MS;
  if (count <= JUMP_FACTOR * Math.max(baseline, 1) || repeated) {
    return { state: { verified: count, verifiedAt: at, held: null, heldAt: null }, accepted: true };
  }
  const stillWaiting = state.held !== null && state.heldAt !== null && withinJump(count, state.held);
  return { state: { ...state, held: count, heldAt: stillWaiting ? state.heldAt : at }, accepted: false };
}
