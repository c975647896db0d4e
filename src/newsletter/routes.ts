import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import * as z from 'zod';
import { config, type AppEnv } from '../env';
import { countSignup } from '../analytics/recorder';
import { limitBody, parseJson } from '../http/json-body';
import { fieldErrors, ProblemError, problemPage } from '../http/problem';
import { fromStorage, RETRY_AFTER_SECONDS } from '../http/storage-unavailable';
import { Region } from '../schema/taxonomy';
import { newsletterConfig, type NewsletterConfig } from './config';
import { base64url } from '../http/base64url';
import { hmac } from './crypto';
import type { MailJob } from './mail-queue';
import { actionPage, messagePage, preferencesPage, signupPage } from './pages';
import { SignupInput, type Subscriber } from './schema';
import { afterSignup } from './signup';
import { subscriberId } from './store';
import { verifyToken, type TokenPurpose } from './tokens';
import { verifyTurnstile } from './turnstile';

/** A signup is a few short fields; anything bigger is not a signup (issue: 8 KB). */
const SIGNUP_BODY_MAX = 8 * 1024;
const TURNSTILE_ACTION = 'newsletter-signup';

type NewsletterContext = Context<AppEnv>;

const isForm = (c: NewsletterContext) =>
  /^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '');

/** Origins trusted to post the form and call the API from a browser: ours, the publication's, the partners'. */
function trustedOrigins(c: NewsletterContext, nc: NewsletterConfig): Set<string> {
  return new Set([new URL(c.req.url).origin, new URL(config(c.env).SITE.url).origin, ...nc.PARTNER_ORIGINS]);
}

/** Reads a JSON or form body into one object; in a form only `regions` may repeat. */
async function readSignupBody(c: NewsletterContext): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/json\b/i.test(type)) return parseJson(await c.req.text());
  if (isForm(c)) {
    const form = new URLSearchParams(await c.req.text());
    const body: Record<string, string | string[]> = { regions: form.getAll('regions') };
    for (const name of new Set(form.keys())) {
      if (name === 'regions') continue;
      const values = form.getAll(name);
      if (values.length > 1)
        throw new ProblemError('bad-request', {
          detail: `The field "${name}" may be given once.`,
          errors: [{ pointer: `#/${name}`, detail: 'may be given once' }],
        });
      body[name] = values[0]!;
    }
    return body;
  }
  throw new ProblemError('unsupported-media-type', {
    detail: 'Send application/json or an HTML form (application/x-www-form-urlencoded).',
  });
}

/**
 * A form post must come from a page we trust (CSRF): the Origin header when the browser sends it,
 * else Sec-Fetch-Site. Clients that send neither are not browsers, and CSRF does not apply to them.
 */
function checkFormOrigin(c: NewsletterContext, nc: NewsletterConfig): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const trusted =
    origin !== undefined
      ? origin !== 'null' && trustedOrigins(c, nc).has(origin)
      : site === undefined || site === 'same-origin' || site === 'none';
  if (!trusted)
    throw new ProblemError('forbidden', {
      detail: 'This form may only be posted from the publication or a partner site.',
    });
}

/** Only a URL on an allowlisted origin is honoured as a redirect; anything else goes to our thank-you page. */
function safeRedirect(c: NewsletterContext, nc: NewsletterConfig, target: string | undefined): string {
  if (target !== undefined) {
    try {
      const url = new URL(target);
      if (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        trustedOrigins(c, nc).has(url.origin) &&
        url.origin !== new URL(c.req.url).origin
      )
        return url.toString();
    } catch {
      // not a URL: fall through
    }
  }
  return '/newsletter/thanks';
}

async function checkRateLimits(c: NewsletterContext, nc: NewsletterConfig, ip: string, emailId: string): Promise<void> {
  const [byIp, byEmail] = await Promise.all([
    nc.SIGNUP_IP_LIMITER.limit({ key: `ip:${ip}` }),
    nc.SIGNUP_EMAIL_LIMITER.limit({ key: `email:${emailId}` }),
  ]);
  if (!byIp.success || !byEmail.success) {
    throw new ProblemError('too-many-requests', {
      detail: 'Too many signups; try again in a minute.',
      headers: { 'retry-after': '60' },
    });
  }
}

async function checkTurnstile(
  c: NewsletterContext,
  nc: NewsletterConfig,
  token: string | undefined,
  ip: string,
): Promise<void> {
  if (!nc.TURNSTILE_SECRET) return;
  const hostnames = new Set([...trustedOrigins(c, nc)].map((o) => new URL(o).hostname));
  const result = await verifyTurnstile({
    secret: nc.TURNSTILE_SECRET,
    verifyUrl: nc.TURNSTILE_VERIFY_URL,
    token,
    remoteIp: ip,
    hostnames,
    action: TURNSTILE_ACTION,
  });
  if (result === 'unavailable') {
    throw new ProblemError('unavailable', {
      detail: 'The anti-abuse check is not answering; try again shortly.',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  }
  if (result === 'failed')
    throw new ProblemError('forbidden', { detail: 'The anti-abuse check failed; reload the form and try again.' });
}

/** The same answer for every outcome, so a caller cannot learn whether an address is subscribed. */
function accepted(c: NewsletterContext, nc: NewsletterConfig, form: boolean, redirect?: string): Response {
  if (form) return c.redirect(safeRedirect(c, nc, redirect), 303);
  return c.json({ status: 'pending' }, 202, { 'cache-control': 'no-store' });
}

async function subscribe(c: NewsletterContext): Promise<Response> {
  const nc = newsletterConfig(c.env);
  const form = isForm(c);
  if (form) checkFormOrigin(c, nc);
  const raw = await readSignupBody(c);
  const parsed = SignupInput.safeParse(raw);
  if (!parsed.success) throw new ProblemError('validation-failed', { errors: fieldErrors(parsed.error) });
  const input = parsed.data;
  if (nc.REQUIRE_CONSENT && input.consent !== true) {
    throw new ProblemError('validation-failed', {
      errors: [{ pointer: '#/consent', detail: 'must be true: tick the consent box' }],
    });
  }
  if (input.website) {
    // The honeypot was filled in: answer as usual so the bot learns nothing, store and send nothing.
    console.warn(JSON.stringify({ event: 'newsletter.honeypot', requestId: c.get('requestId') }));
    return accepted(c, nc, form, input.redirect);
  }
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  const id = await subscriberId(nc.NEWSLETTER_SECRET, input.email);
  await checkRateLimits(c, nc, ip, id);
  await checkTurnstile(c, nc, input['cf-turnstile-response'], ip);

  const store = c.var.subscribers;
  const now = new Date().toISOString();
  const consent = {
    at: now,
    source: input.source ?? 'site',
    formVersion: input['form-version'] ?? (form ? 'form' : 'api'),
    ipHash: base64url(await hmac(nc.NEWSLETTER_SECRET, 'ip', ip)).slice(0, 22),
    userAgent: (c.req.header('user-agent') ?? '').slice(0, 512),
    consentGiven: input.consent === true,
  };
  await fromStorage('newsletter signup', async () => {
    const { record, changed } = afterSignup(await store.get(id), input, consent);
    if (changed) await store.put(id, record);
    // Always enqueued, so every outcome costs the same; the consumer sends only when a mail is due.
    const job: MailJob = { id, generation: record.generation, origin: new URL(c.req.url).origin };
    await nc.MAIL_QUEUE.send(job);
  });
  countSignup(c, consent.source);
  return accepted(c, nc, form, input.redirect);
}

type TokenOutcome = { id: string; generation: number; subscriber: Subscriber };

/** Verifies a token and loads its subscriber; a bad token is a readable 400 page or problem. */
async function redeem(c: NewsletterContext, token: string | undefined, purpose: TokenPurpose): Promise<TokenOutcome> {
  const nc = newsletterConfig(c.env);
  const check = token
    ? await verifyToken(nc.NEWSLETTER_SECRET, token, purpose, Date.now())
    : ({ ok: false, reason: 'malformed' } as const);
  const expiredHint =
    purpose === 'confirm' ? ' Confirmation links work for 48 hours; sign up again to get a new one.' : '';
  const invalid = new ProblemError('bad-request', {
    detail: `This link is not valid${check.ok ? '' : check.reason === 'expired' ? ' any more' : ''}.${expiredHint}`,
  });
  if (!check.ok) throw invalid;
  const subscriber = await fromStorage('newsletter token', () => c.var.subscribers.get(check.payload.s));
  // A confirmation link belongs to one opt-in round; after unsubscribing and signing up again only the new link works.
  if (!subscriber || (purpose === 'confirm' && subscriber.generation !== check.payload.g)) throw invalid;
  return { id: check.payload.s, generation: check.payload.g, subscriber };
}

async function formToken(c: NewsletterContext): Promise<string | undefined> {
  const query = c.req.query('token');
  if (query) return query;
  if (!isForm(c)) return undefined;
  return new URLSearchParams(await c.req.text()).get('token') ?? undefined;
}

const Preferences = z.strictObject({ token: z.string().max(1024), regions: z.array(Region).max(7) });

/** Stores a reader's regions; the token must be a preferences token, and an unsubscribed reader is a 409. */
async function savePreferences(c: NewsletterContext, input: z.infer<typeof Preferences>): Promise<void> {
  const { id, subscriber } = await redeem(c, input.token, 'manage');
  if (subscriber.status === 'unsubscribed')
    throw new ProblemError('conflict', { detail: 'This address is unsubscribed; sign up again first.' });
  await fromStorage('newsletter preferences', () =>
    c.var.subscribers.put(id, { ...subscriber, regions: input.regions }),
  );
}

/** Region names for the signup and preferences forms, from the taxonomy (this isolate's copy when it has one). */
async function regionNames(c: NewsletterContext): Promise<Record<string, string>> {
  const { region } = await c.var.content.taxonomy();
  return Object.fromEntries(Object.entries(region).map(([slug, t]) => [slug, t.name]));
}

function htmlPage(c: NewsletterContext, body: string, status: 200 | 400 = 200): Response {
  return c.html(body, status, { 'cache-control': 'no-store' });
}

/** Renders a ProblemError as a readable page for the HTML endpoints (forms and links opened in a browser), with a way back to the form. */
async function asPage(c: NewsletterContext, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return problemPage(c, error.code, error.init, { href: '/newsletter', label: 'Back to the signup form' });
  }
}

const apiCors = cors({
  origin: (origin, c: NewsletterContext) => (trustedOrigins(c, newsletterConfig(c.env)).has(origin) ? origin : null),
  allowMethods: ['POST', 'PUT', 'OPTIONS'],
  allowHeaders: ['content-type'],
  credentials: false,
  maxAge: 600,
});

/** Newsletter signup with double opt-in, one-click unsubscribe and preferences. */
export const newsletterRoutes = new Hono<AppEnv>()
  .use(async function varyOnOrigin(c, next) {
    await next();
    // The answer depends on Origin whenever CORS applies; caches must never mix them up.
    c.res.headers.set('vary', 'Origin');
  })
  .get('/', async (c) => {
    const nc = newsletterConfig(c.env);
    return htmlPage(c, signupPage(config(c.env).SITE, await regionNames(c), nc.REQUIRE_CONSENT));
  })
  .use('/subscribe', apiCors)
  .post('/subscribe', limitBody(SIGNUP_BODY_MAX), (c) => (isForm(c) ? asPage(c, () => subscribe(c)) : subscribe(c)))
  .get('/thanks', (c) =>
    htmlPage(
      c,
      messagePage(
        config(c.env).SITE,
        'Check your inbox',
        'We have sent you an email with a link to confirm your subscription. Nothing is sent to you until you confirm.',
      ),
    ),
  )
  .get('/confirm', (c) =>
    asPage(c, async () => {
      const token = c.req.query('token');
      await redeem(c, token, 'confirm');
      const site = config(c.env).SITE;
      return htmlPage(
        c,
        actionPage(
          site,
          'Confirm your subscription',
          `One click to start receiving the ${site.name} weekly round-up.`,
          '/newsletter/confirm',
          token!,
          'Confirm subscription',
        ),
      );
    }),
  )
  .post('/confirm', limitBody(SIGNUP_BODY_MAX), (c) =>
    asPage(c, async () => {
      const { id, subscriber } = await redeem(c, await formToken(c), 'confirm');
      if (subscriber.status === 'pending') {
        const confirmedAt = new Date().toISOString();
        await fromStorage('newsletter confirm', () =>
          c.var.subscribers.put(id, {
            ...subscriber,
            status: 'confirmed',
            confirmedAt,
            consent: { ...subscriber.consent, confirmedAt },
          }),
        );
      }
      const site = config(c.env).SITE;
      return htmlPage(
        c,
        messagePage(
          site,
          'You are subscribed',
          `The ${site.name} weekly round-up will arrive every Friday. Every email has a one-click unsubscribe link.`,
        ),
      );
    }),
  )
  .get('/unsubscribe', (c) =>
    asPage(c, async () => {
      const token = c.req.query('token');
      await redeem(c, token, 'unsubscribe');
      const site = config(c.env).SITE;
      return htmlPage(
        c,
        actionPage(
          site,
          'Unsubscribe',
          `Stop receiving the ${site.name} weekly round-up.`,
          `/newsletter/unsubscribe?token=${encodeURIComponent(token!)}`,
          token!,
          'Unsubscribe',
          { 'List-Unsubscribe': 'One-Click' },
        ),
      );
    }),
  )
  // RFC 8058: a POST of "List-Unsubscribe=One-Click" to the URL from the List-Unsubscribe header unsubscribes at once,
  // with no cookie and no other check, whoever sends it (usually the mail provider).
  .post('/unsubscribe', limitBody(SIGNUP_BODY_MAX), (c) =>
    asPage(c, async () => {
      const { id, subscriber } = await redeem(c, await formToken(c), 'unsubscribe');
      if (subscriber.status !== 'unsubscribed') {
        await fromStorage('newsletter unsubscribe', () =>
          c.var.subscribers.put(id, {
            ...subscriber,
            status: 'unsubscribed',
            unsubscribedAt: new Date().toISOString(),
          }),
        );
      }
      return htmlPage(
        c,
        messagePage(
          config(c.env).SITE,
          'You are unsubscribed',
          'You will receive no more emails from this list. Signing up again will ask you to confirm once more.',
        ),
      );
    }),
  )
  // The preferences link of every round-up email: a form of the reader's regions, and its post.
  .get('/preferences', (c) =>
    asPage(c, async () => {
      const token = c.req.query('token');
      const { subscriber } = await redeem(c, token, 'manage');
      return htmlPage(c, preferencesPage(config(c.env).SITE, await regionNames(c), token!, subscriber.regions));
    }),
  )
  .post('/preferences', limitBody(SIGNUP_BODY_MAX), (c) =>
    asPage(c, async () => {
      if (!isForm(c)) throw new ProblemError('unsupported-media-type', { detail: 'Send the preferences form.' });
      const form = new URLSearchParams(await c.req.text());
      const parsed = Preferences.safeParse({ token: form.get('token') ?? '', regions: form.getAll('regions') });
      if (!parsed.success) throw new ProblemError('validation-failed', { errors: fieldErrors(parsed.error) });
      await savePreferences(c, parsed.data);
      return htmlPage(
        c,
        messagePage(
          config(c.env).SITE,
          'Saved',
          parsed.data.regions.length
            ? 'The weekly round-up will list the analysis in the regions you picked.'
            : 'The weekly round-up will list the analysis in every region.',
        ),
      );
    }),
  )
  .use('/preferences', apiCors)
  .put('/preferences', limitBody(SIGNUP_BODY_MAX), async (c) => {
    const body = parseJson(await c.req.text(), 'Send the preferences as JSON: {"token": …, "regions": […]}.');
    const parsed = Preferences.safeParse(body);
    if (!parsed.success) throw new ProblemError('validation-failed', { errors: fieldErrors(parsed.error) });
    await savePreferences(c, parsed.data);
    return c.json({ regions: parsed.data.regions }, 200, { 'cache-control': 'no-store' });
  });
