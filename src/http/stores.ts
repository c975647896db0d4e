import type { MiddlewareHandler } from 'hono';
import { config, type AppEnv } from '../env';
import { KvOutboxStore } from '../newsletter/mail-store';
import { KvSubscriberStore } from '../newsletter/store';
import { RoundupStore } from '../roundup/roundup-store';
import { itemFragmentsFor } from '../feeds/item-fragments';
import { KvContentStore } from '../storage/content-store';
import { isolateParsedArticles } from '../storage/parsed-articles';
import { KvGenerationStore } from '../storage/generation-store';
import { meteredKv, serverTiming } from '../storage/metered-kv';

/**
 * Hands each request its stores (`c.var.content`, `c.var.generations`, `c.var.subscribers`, `c.var.outbox`, `c.var.roundup`), over a view of the CONTENT
 * namespace that counts operations, and reports the count in `Server-Timing` (`kv;desc="2 ops"`; a cached answer
 * reports 0). Routes take the stores from here and never see a namespace.
 */
export function stores(): MiddlewareHandler<AppEnv> {
  return async function stores(c, next) {
    const { CONTENT: binding, SITE } = config(c.env);
    const { kv, ops } = meteredKv(binding);
    c.set('content', new KvContentStore(kv, binding, isolateParsedArticles, itemFragmentsFor(SITE)));
    c.set('generations', new KvGenerationStore(kv, binding));
    c.set('subscribers', new KvSubscriberStore(kv));
    c.set('outbox', new KvOutboxStore(kv));
    c.set('roundup', new RoundupStore(kv));
    await next();
    c.res.headers.append('server-timing', serverTiming(ops));
  };
}
