import * as z from 'zod';
import { configReader } from '../env';
import { HttpUrl } from '../schema/primitives';

const origins = z
  .string()
  .default('')
  .transform((v) => v.split(/\s+/).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)));

/** The newsletter's own settings, checked apart from the rest so a missing mail setup never takes feeds down. */
export const NewsletterConfig = z.object({
  NEWSLETTER_SECRET: z.string().min(32, 'secret NEWSLETTER_SECRET must be set (at least 32 characters)'),
  REQUIRE_CONSENT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  TURNSTILE_SECRET: z.string().optional(),
  TURNSTILE_VERIFY_URL: HttpUrl.default('https://challenges.cloudflare.com/turnstile/v0/siteverify'),
  PARTNER_ORIGINS: origins,
  MAIL_API_URL: z.union([z.literal(''), HttpUrl]).default(''),
  MAIL_API_KEY: z.string().optional(),
  MAIL_FROM: z
    .string()
    .min(3)
    .refine((v) => !/[\r\n]/.test(v)),
  MAIL_QUEUE: z.custom<Queue<unknown>>(
    (v) => typeof v === 'object' && v !== null,
    'queue binding MAIL_QUEUE is missing',
  ),
  SIGNUP_IP_LIMITER: z.custom<RateLimit>(
    (v) => typeof v === 'object' && v !== null,
    'rate limit binding SIGNUP_IP_LIMITER is missing',
  ),
  SIGNUP_EMAIL_LIMITER: z.custom<RateLimit>(
    (v) => typeof v === 'object' && v !== null,
    'rate limit binding SIGNUP_EMAIL_LIMITER is missing',
  ),
});
export type NewsletterConfig = z.infer<typeof NewsletterConfig>;

export const newsletterConfig = configReader(NewsletterConfig, 'newsletter');
