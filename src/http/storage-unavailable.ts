import { ProblemError } from './problem';

/** Seconds a client should wait before retrying when storage fails (KV outages are usually short). */
export const RETRY_AFTER_SECONDS = 30;

/**
 * Runs a storage read; a failure of KV itself (not a ProblemError about the request) becomes a 503
 * with Retry-After, logged here, so no storage fault ever reaches a client as a 500 or a stack trace.
 */
export async function fromStorage<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    console.error(JSON.stringify({ event: 'storage.failed', what, error: String(error) }));
    throw new ProblemError('unavailable', {
      detail: 'Storage is not answering right now; try again shortly.',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  }
}
