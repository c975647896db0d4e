import * as z from 'zod';
import { Region } from '../schema/taxonomy';

/**
 * RFC 5321 limits an address to 254 octets in practice. The local part is kept as typed (it may be
 * case-sensitive, RFC 5321 §2.4); the domain is lower-cased. CR and LF are refused outright: they
 * are how header injection starts.
 */
export const Email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks')
  .pipe(z.email({ error: 'must be an email address' }))
  .transform((v) => {
    const at = v.lastIndexOf('@');
    return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
  });

const checkbox = z.union([
  z.boolean(),
  z.enum(['true', 'on', '1', 'yes']).transform(() => true),
  z.enum(['false', 'off', '0', 'no', '']).transform(() => false),
]);

/** What a signup form or JSON caller sends. Form fields arrive as strings, JSON ones typed. */
export const SignupInput = z.strictObject({
  email: Email,
  name: z
    .string()
    .trim()
    .max(100)
    .refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks')
    .optional(),
  regions: z.array(Region).max(7).default([]),
  source: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a partner id such as "thinktank-example"')
    .optional(),
  consent: checkbox.optional(),
  /** Honeypot: invisible to people, filled in by naive bots. */
  website: z.string().max(200).optional(),
  'cf-turnstile-response': z.string().max(4096).optional(),
  /** Where a form post goes afterwards; only partner-allowlisted URLs are honoured. */
  redirect: z.string().max(2048).optional(),
  /** Version of the form the reader saw, kept with the consent record. */
  'form-version': z.string().max(40).optional(),
});
export type SignupInput = z.infer<typeof SignupInput>;

export const SubscriberStatus = z.enum(['pending', 'confirmed', 'unsubscribed']);

/** Proof of what was agreed to, when, where and how (GDPR Art. 7(1) asks that consent be demonstrable). */
export const ConsentRecord = z.object({
  at: z.iso.datetime(),
  source: z.string(),
  formVersion: z.string(),
  ipHash: z.string(),
  userAgent: z.string().max(512),
  consentGiven: z.boolean(),
  confirmedAt: z.iso.datetime().optional(),
});

export const Subscriber = z.object({
  email: z.string(),
  name: z.string().optional(),
  regions: z.array(Region),
  status: SubscriberStatus,
  /** Bumped each time the address enters double opt-in anew, so older confirmation links stop working. */
  generation: z.int().min(1),
  createdAt: z.iso.datetime(),
  confirmedAt: z.iso.datetime().optional(),
  unsubscribedAt: z.iso.datetime().optional(),
  consent: ConsentRecord,
});
export type Subscriber = z.infer<typeof Subscriber>;
