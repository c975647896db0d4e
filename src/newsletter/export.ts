import type { SubscriberStore } from './store';
import { signToken } from './tokens';

export type ExportFormat = 'csv' | 'ndjson';

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
  store: SubscriberStore;
  secret: string;
  origin: string;
  format: ExportFormat;
}

/**
 * Streams subscribers, reading 100 records per bulk request as the client consumes the body. Each
 * row carries what the mailing service needs to honour choices made here: an unsubscribe URL for
 * the List-Unsubscribe header of every weekly email, and a preferences token.
 */
export function exportStream(ctx: ExportContext, ids: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    start(controller) {
      if (ctx.format === 'csv') controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`));
    },
    async pull(controller) {
      if (index >= ids.length) {
        controller.close();
        return;
      }
      const chunk = ids.slice(index, index + 100);
      index += chunk.length;
      const subscribers = await ctx.store.many(chunk);
      let out = '';
      for (const id of chunk) {
        const s = subscribers.get(id);
        if (!s) continue;
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
