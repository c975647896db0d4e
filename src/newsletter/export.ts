import { bulkGet } from '../storage/bulk-get';
import { parseRecord } from '../storage/records';
import { Subscriber } from './schema';
import { SUBSCRIBER_PREFIX } from './store';
import { signToken } from './tokens';

export type ExportFormat = 'csv' | 'ndjson';

/** Keys listed per response: 20 list calls and 200 bulk reads, well inside an invocation's 1000 KV operations. */
export const EXPORT_PAGE_KEYS = 20_000;

export interface ExportPage {
  keys: string[];
  /** KV list cursor of the next export page, or null when this page reaches the end. */
  next: string | null;
}

/** Lists one export page of subscriber keys, filtered by status from key metadata (no value read). */
export async function listExportPage(
  kv: KVNamespace,
  status: string | undefined,
  cursor: string | undefined,
): Promise<ExportPage> {
  const keys: string[] = [];
  let listed = 0;
  let next: string | undefined = cursor;
  do {
    const page: KVNamespaceListResult<{ status?: string }> = await kv.list({
      prefix: SUBSCRIBER_PREFIX,
      ...(next ? { cursor: next } : {}),
    });
    listed += page.keys.length;
    for (const k of page.keys) if (status === undefined || k.metadata?.status === status) keys.push(k.name);
    next = page.list_complete ? undefined : page.cursor;
  } while (next && listed < EXPORT_PAGE_KEYS);
  return { keys, next: next ?? null };
}

const CSV_COLUMNS = [
  'email',
  'name',
  'status',
  'regions',
  'created_at',
  'confirmed_at',
  'unsubscribed_at',
  'consent_at',
  'consent_source',
  'consent_form_version',
  'consent_ip_hash',
  'consent_user_agent',
  'unsubscribe_url',
  'preferences_token',
] as const;

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | undefined): string {
  const v = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n']/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export interface ExportContext {
  kv: KVNamespace;
  secret: string;
  origin: string;
  format: ExportFormat;
}

/**
 * Streams subscribers, reading 100 records per bulk request as the client consumes the body. Each
 * row carries what the mailing service needs to honour choices made here: an unsubscribe URL for
 * the List-Unsubscribe header of every weekly email, and a preferences token.
 */
export function exportStream(ctx: ExportContext, keys: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    start(controller) {
      if (ctx.format === 'csv') controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`));
    },
    async pull(controller) {
      if (index >= keys.length) {
        controller.close();
        return;
      }
      const chunk = keys.slice(index, index + 100);
      index += chunk.length;
      const values = await bulkGet(ctx.kv, chunk);
      let out = '';
      for (const key of chunk) {
        const s = parseRecord(Subscriber, key, values.get(key) ?? null);
        if (!s) continue;
        const id = key.slice(SUBSCRIBER_PREFIX.length);
        const now = Date.now();
        const unsubscribeUrl = `${ctx.origin}/newsletter/unsubscribe?token=${await signToken(ctx.secret, 'unsubscribe', id, s.generation, now)}`;
        const preferencesToken = await signToken(ctx.secret, 'manage', id, s.generation, now);
        if (ctx.format === 'ndjson') {
          out += `${JSON.stringify({ ...s, unsubscribeUrl, preferencesToken })}\n`;
        } else {
          const c = s.consent;
          const row = [
            s.email,
            s.name,
            s.status,
            s.regions.join(' '),
            s.createdAt,
            s.confirmedAt,
            s.unsubscribedAt,
            c.at,
            c.source,
            c.formVersion,
            c.ipHash,
            c.userAgent,
            unsubscribeUrl,
            preferencesToken,
          ];
          out += `${row.map(csvCell).join(',')}\r\n`;
        }
      }
      controller.enqueue(encoder.encode(out));
    },
  });
}
