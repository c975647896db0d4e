import { ProblemError } from './problem';

/** Seconds a client should wait before retrying when storage fails (KV outages are usually short). */
export const RETRY_AFTER_SECONDS = 30;

/**
 * How long one storage step may take. KV answers in milliseconds when healthy; a read that hangs
 * must not hold a client (or an aggregator's connection) for the Worker's whole wall-clock limit.
 */
export const STORAGE_DEADLINE_MS = 3000;

/** Writes touch several keys in phases (and a batch, many articles): they get longer. */
export const WRITE_DEADLINE_MS = 10_000;

class StorageDeadline extends Error {}

/**
 * Runs a storage step; a failure of KV itself (an error or no answer within the deadline, as
 * opposed to a ProblemError about the request) becomes a 503 with Retry-After, logged here, so no
 * storage fault ever reaches a client as a 500, a stack trace or a hung connection.
 */
export async function fromStorage<T>(
  what: string,
  step: () => Promise<T>,
  deadlineMs = STORAGE_DEADLINE_MS,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageDeadline(`no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return await Promise.race([step(), deadline]);
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    console.error(JSON.stringify({ event: 'storage.failed', what, error: String(error) }));
    throw new ProblemError('unavailable', {
      detail: 'Storage is not answering right now; try again shortly.',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
