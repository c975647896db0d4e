import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { weekOf } from '../../src/roundup/week';
import { JsonFeed11 } from '../../scripts/lib/json-feed-schema';
import { xmlParser, type XmlNode } from '../feeds/support';
import { admin, request } from '../support/http';
import { publishInWeek, testWeek } from './support';

describe('building issues', () => {
  it('answers 201 the first time and 200 with the same id after, refreshing the issue until it is sent', async () => {
    const week = testWeek(5);
    await publishInWeek(week, [
      { kind: 'analysis', regions: ['europe'], hoursIn: 1, title: 'First of the week' },
      { kind: 'news', regions: ['africa'], hoursIn: 2 },
    ]);
    const first = await admin('POST', `/admin/roundup/issues?week=${week.id}`);
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/newsletter/issues/${week.id}`);
    expect(await first.json()).toEqual({ id: week.id, url: `/newsletter/issues/${week.id}`, articles: 2 });

    await publishInWeek(week, [{ kind: 'opinion', regions: ['global'], hoursIn: 100, title: 'Late opinion' }]);
    const again = await admin('POST', `/admin/roundup/issues?week=${week.id}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: week.id, url: `/newsletter/issues/${week.id}`, articles: 3 });
    const page = await (await request(`/newsletter/issues/${week.id}`)).text();
    expect(page).toContain('Late opinion');
    expect(page).toContain('<h2>Opinion</h2>');
  });

  it('builds the current week without a week parameter: the ISO week, in UTC, holding this instant', async () => {
    const before = weekOf(Date.now()).id;
    const res = await admin('POST', '/admin/roundup/issues');
    const after = weekOf(Date.now()).id;
    expect([200, 201]).toContain(res.status);
    const body = (await res.json()) as { id: string; url: string };
    expect([before, after]).toContain(body.id);
    expect(body.url).toBe(`/newsletter/issues/${body.id}`);
  });

  it('shows the editors’ note, set before or after the build', async () => {
    const week = testWeek(6);
    await publishInWeek(week, [{ kind: 'analysis', regions: ['asia-pacific'], hoursIn: 5 }]);
    const early = await admin('PUT', `/admin/roundup/issues/${week.id}/note`, { note: 'Written early.' });
    expect(await early.json()).toEqual({ id: week.id, note: 'Written early.', built: false });
    await admin('POST', `/admin/roundup/issues?week=${week.id}`);
    expect(await (await request(`/newsletter/issues/${week.id}`)).text()).toContain('<p>Written early.</p>');
    const late = await admin('PUT', `/admin/roundup/issues/${week.id}/note`, { note: 'Changed <b>later</b>.' });
    expect(late.status).toBe(200);
    const page = await (await request(`/newsletter/issues/${week.id}`)).text();
    expect(page).toContain('<p>Changed &lt;b&gt;later&lt;/b&gt;.</p>');
    const status = (await (await admin('GET', `/admin/roundup/issues/${week.id}`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ id: week.id, status: 'draft', articles: 1, note: 'Changed <b>later</b>.' });
    expect(status).toMatchObject({ queued: 0, sent: 0, failed: 0, skipped: 0 });
  });

  it('runs the same build from the Cron Trigger', async () => {
    const { env } = await import('cloudflare:workers');
    const { createExecutionContext, createScheduledController, waitOnExecutionContext } =
      await import('cloudflare:test');
    const worker = (await import('../../src/index')).default;
    const week = testWeek(7);
    await publishInWeek(week, [{ kind: 'analysis', regions: ['middle-east'], hoursIn: 50, title: 'Cron-built' }]);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({
        cron: env.ROUNDUP_CRON,
        scheduledTime: week.startMs + 4 * 86_400_000 + 16 * 3_600_000,
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(await (await request(`/newsletter/issues/${week.id}`)).text()).toContain('Cron-built');
  });
});

describe('the archive and the feed', () => {
  it('lists issues newest first and serves each as a page of the site', async () => {
    const a = testWeek(8);
    const b = testWeek(9);
    await publishInWeek(a, [{ kind: 'analysis', regions: ['europe'], hoursIn: 1 }]);
    await publishInWeek(b, [{ kind: 'analysis', regions: ['europe'], hoursIn: 1 }]);
    await admin('POST', `/admin/roundup/issues?week=${a.id}`);
    await admin('POST', `/admin/roundup/issues?week=${b.id}`);
    const list = await request('/newsletter/issues');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await list.text();
    expect(html.indexOf(`/newsletter/issues/${b.id}`)).toBeLessThan(html.indexOf(`/newsletter/issues/${a.id}`));
    const page = await request(`/newsletter/issues/${a.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('etag')).toMatch(/^"/);
    const again = await request(`/newsletter/issues/${a.id}`, {
      headers: { 'if-none-match': page.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const body = await page.text();
    expect(body).toContain('<link rel="stylesheet" href="/assets/site.css">');
    expect(body).toContain('href="/feeds/roundup.rss"');
  });

  it('carries one item per issue, the whole issue as content, in RSS, Atom and JSON Feed', async () => {
    const week = testWeek(10);
    await publishInWeek(week, [{ kind: 'analysis', regions: ['latin-america'], hoursIn: 1, title: 'In the feed' }]);
    await admin('POST', `/admin/roundup/issues?week=${week.id}`);

    const rss = await request('/feeds/roundup.rss');
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(rss.headers.get('access-control-allow-origin')).toBe('*');
    const rssText = await rss.text();
    expect(XMLValidator.validate(rssText)).toBe(true);
    const channel = (xmlParser.parse(rssText) as XmlNode).rss as XmlNode;
    const items = ((channel.channel as XmlNode).item ?? []) as XmlNode[];
    const item = items.find((i) => String(i.link).endsWith(`/newsletter/issues/${week.id}`))!;
    expect(item).toBeDefined();
    expect(String((item.guid as XmlNode)['#text'])).toBe(`tag:meridian-review.example,2024:roundup:${week.id}`);
    expect(String(item['content:encoded'])).toContain('In the feed');
    expect(new Set(items.map((i) => String(i.link))).size).toBe(items.length);

    const atom = await (await request('/feeds/roundup.atom')).text();
    expect(XMLValidator.validate(atom)).toBe(true);
    const entries = ((xmlParser.parse(atom) as XmlNode).feed as XmlNode).entry as XmlNode[];
    expect(entries.some((e) => String(e.id) === `tag:meridian-review.example,2024:roundup:${week.id}`)).toBe(true);

    const json = JsonFeed11.parse(await (await request('/feeds/roundup.json')).json()) as {
      items: { id: string; content_html?: string }[];
    };
    const jsonItem = json.items.find((i) => i.id === `tag:meridian-review.example,2024:roundup:${week.id}`);
    expect(jsonItem?.content_html).toContain('In the feed');
  });
});
