/**
 * Tells a WebSub hub that topics changed (`hub.mode=publish`, the convention of the public hubs;
 * WebSub §2 leaves the publish call to the hub). Several `hub.url` values go in one request to stay
 * well under the platform's subrequest limit; a failed request is retried with backoff.
 */
export interface PingOptions {
  hub: string;
  topics: readonly string[];
  fetcher?: typeof fetch;
  attempts?: number;
  /** Base delay between attempts in ms; doubles each time. */
  backoffMs?: number;
}

const TOPICS_PER_REQUEST = 25;

export async function pingHub(options: PingOptions): Promise<{ sent: number; failed: string[] }> {
  const { hub, topics, fetcher = fetch, attempts = 4, backoffMs = 500 } = options;
  const failed: string[] = [];
  let sent = 0;
  for (let i = 0; i < topics.length; i += TOPICS_PER_REQUEST) {
    const chunk = topics.slice(i, i + TOPICS_PER_REQUEST);
    const body = new URLSearchParams([['hub.mode', 'publish'], ...chunk.map((t): [string, string] => ['hub.url', t])]);
    let delivered = false;
    for (let attempt = 1; attempt <= attempts && !delivered; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 2)));
      try {
        const res = await fetcher(hub, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        delivered = res.ok;
        if (!delivered)
          console.warn(JSON.stringify({ event: 'websub.ping_refused', hub, status: res.status, attempt }));
      } catch (error) {
        console.warn(JSON.stringify({ event: 'websub.ping_failed', hub, error: String(error), attempt }));
      }
    }
    if (delivered) sent += chunk.length;
    else failed.push(...chunk);
  }
  if (failed.length > 0) console.error(JSON.stringify({ event: 'websub.ping_gave_up', hub, topics: failed.length }));
  return { sent, failed };
}
