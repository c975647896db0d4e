import * as z from 'zod';
import { HttpUrl } from './schema/primitives';
import { Site } from './schema/site';
import { ProblemError } from './http/problem';
import type { RebuildMessage } from './admin/rebuild-queue';
import type { OutboxStore } from './newsletter/mail-store';
import type { SubscriberStore } from './newsletter/store';
import type { ContentStore } from './storage/content-store';
import type { GenerationStore } from './storage/generation-store';
import type { RoundupStore } from './roundup/roundup-store';

/** Bindings, vars and secrets, checked once per isolate: a misconfiguration is named in the log, not discovered later. */
export const Config = z.object({
  CONTENT: z.custom<KVNamespace>((v) => typeof v === 'object' && v !== null, 'KV binding CONTENT is missing'),
  CONTENT_QUEUE: z.custom<Queue<RebuildMessage>>(
    (v) => typeof v === 'object' && v !== null,
    'queue binding CONTENT_QUEUE is missing',
  ),
  ENVIRONMENT: z.enum(['development', 'test', 'production']),
  SITE: Site,
  ADMIN_TOKEN: z.string().min(16, 'secret ADMIN_TOKEN must be set (at least 16 characters)'),
  EDGE_CACHE: z.enum(['on', 'off']).default('on'),
  // A Cache API cache opened by name instead of the location's default one; tests use one to stand for a second location.
  EDGE_CACHE_NAME: z.string().max(64).default(''),
  WEBSUB_HUB: z.union([z.literal(''), HttpUrl]).default(''),
  // Origins only: the value goes into a CSP header, so a ";" or a keyword must not get through.
  WIDGET_FRAME_ANCESTORS: z
    .string()
    .regex(
      /^\s*(?:https?:\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?\s*)*$/,
      'WIDGET_FRAME_ANCESTORS must be space-separated origins such as "https://partner.example"',
    )
    .default(''),
});
export type Config = z.infer<typeof Config>;

/** The stores of this request (src/http/stores.ts), over the CONTENT namespace with its operations counted. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    content: ContentStore;
    generations: GenerationStore;
    subscribers: SubscriberStore;
    outbox: OutboxStore;
    roundup: RoundupStore;
  };
};

/**
 * A reader for one part of the configuration: parsed with zod on first use per isolate (the env
 * object is the same for every request of an isolate), logged and answered with a 503 when wrong.
 */
export function configReader<S extends z.ZodType>(schema: S, part: string): (env: Env) => z.infer<S> {
  const parsed = new WeakMap<object, z.infer<S>>();
  return (env) => {
    const cached = parsed.get(env);
    if (cached) return cached;
    const result = schema.safeParse(env);
    if (!result.success) {
      console.error(
        JSON.stringify({
          event: 'config.invalid',
          part,
          issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        }),
      );
      throw new ProblemError('unavailable', { detail: `The ${part} is not configured correctly.` });
    }
    parsed.set(env, result.data);
    return result.data;
  };
}

export const config = configReader(Config, 'service');
