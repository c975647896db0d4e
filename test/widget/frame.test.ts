import { describe, expect, it } from 'vitest';
import { frameCsp, renderFrame } from '../../src/widget/frame';
import type { WidgetData, WidgetItem } from '../../src/widget/latest-json';
import type { ViewOptions } from '../../src/widget/options';

const item = (overrides: Partial<WidgetItem> = {}): WidgetItem => ({
  id: 'a-1',
  title: 'Reading Beijing’s vocabulary',
  dek: 'Small shifts in official language.',
  url: 'https://meridian-review.example/2025/02/beijing-vocabulary',
  image: {
    url: 'https://media.meridian-review.example/a.jpg',
    alt: 'Work reports on a table',
    width: 1600,
    height: 900,
  },
  authors: [{ name: 'Li Wei' }, { name: 'Ana Lima' }],
  regions: [{ slug: 'asia-pacific', name: 'Asia-Pacific' }],
  publishedAt: '2025-02-04T08:30:00+08:00',
  language: 'en',
  ...overrides,
});

const data = (items: WidgetItem[]): WidgetData => ({
  site: { name: 'Meridian Review', url: 'https://meridian-review.example' },
  label: 'Analysis · Asia-Pacific',
  items,
});
const options = (overrides: Partial<ViewOptions> = {}): ViewOptions => ({
  limit: 5,
  layout: 'list',
  theme: 'auto',
  images: true,
  lang: 'en',
  utmSource: undefined,
  ...overrides,
});
const count = (page: string, pattern: RegExp) => page.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe('renderFrame', () => {
  it('renders a labelled list of the articles, then hidden spacers up to limit so its height never depends on the data', () => {
    const page = renderFrame(data([item(), item({ id: 'a-2' })]), options({ limit: 5 }));
    expect(page).toContain('<section part="root" class="la l-list t-auto" aria-labelledby="la-h">');
    expect(page).toContain(
      '<h2 part="heading" id="la-h"><a href="https://meridian-review.example/" target="_blank" rel="noopener">Meridian Review</a><span>Analysis · Asia-Pacific</span></h2>',
    );
    expect(page).toContain('<ol part="list" aria-labelledby="la-h">');
    expect(count(page, /<li part="item" class="i" lang="en">/)).toBe(2);
    expect(count(page, /<li class="i e" aria-hidden="true"><\/li>/)).toBe(3);
  });

  it('links each title to the canonical article, in a new tab with rel="noopener"', () => {
    const page = renderFrame(data([item()]), options());
    expect(page).toContain(
      '<a part="link" class="x" href="https://meridian-review.example/2025/02/beijing-vocabulary" target="_blank" rel="noopener">Reading Beijing’s vocabulary</a>',
    );
  });

  it('tags outgoing links with the partner campaign when utm-source is set', () => {
    const page = renderFrame(data([item()]), options({ utmSource: 'thinktank' }));
    expect(page).toContain(
      'href="https://meridian-review.example/2025/02/beijing-vocabulary?utm_source=thinktank&amp;utm_medium=widget"',
    );
  });

  it('gives images alt text and explicit dimensions, and loads them lazily', () => {
    const page = renderFrame(data([item()]), options());
    expect(page).toContain(
      '<img part="image" src="https://media.meridian-review.example/a.jpg" alt="Work reports on a table" width="1600" height="900" loading="lazy" decoding="async">',
    );
  });

  it.each([
    ['images="off"', options({ images: false })],
    ['the compact layout', options({ layout: 'compact' })],
  ])('shows no images with %s', (_, opts) => {
    expect(renderFrame(data([item()]), opts)).not.toContain('<img');
  });

  it('leaves out the dek and authors in the compact layout', () => {
    const page = renderFrame(data([item()]), options({ layout: 'compact' }));
    expect(page).not.toContain('part="dek"');
    expect(page).toContain(
      '<p part="meta" class="m"><time datetime="2025-02-04T08:30:00+08:00" lang="en">Feb 4, 2025</time></p>',
    );
  });

  it('writes dates in the requested language and sets it on the document', () => {
    const page = renderFrame(data([item()]), options({ lang: 'fr' }));
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain(
      '<time datetime="2025-02-04T08:30:00+08:00" lang="fr">4 févr. 2025</time> · Li Wei, Ana Lima',
    );
  });

  it('sets the theme and layout as classes only', () => {
    expect(renderFrame(data([]), options({ theme: 'dark', layout: 'cards' }))).toContain('class="la l-cards t-dark"');
  });

  it('says so when nothing matches, keeping the height', () => {
    const page = renderFrame(data([]), options({ limit: 3 }));
    expect(page).toContain('<li part="item" class="i"><p class="d">Nothing has been published here yet.</p></li>');
    expect(count(page, /<li class="i e" aria-hidden="true">/)).toBe(2);
  });

  it('inserts every string from the content as text, never as markup', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const quote = '"><script>alert(1)</script>';
    const page = renderFrame(
      {
        ...data([
          item({
            title: hostile,
            dek: quote,
            authors: [{ name: hostile }],
            image: { url: 'https://x.example/i.jpg', alt: quote, width: 1, height: 1 },
            language: quote,
          }),
        ]),
        label: hostile,
      },
      options({ lang: 'en' }),
    );
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('uses only http(s) URLs: a javascript: link loses its href and a data: image is left out', () => {
    const page = renderFrame(
      data([
        item({
          url: 'javascript:alert(1)',
          image: { url: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'x', width: 1, height: 1 },
        }),
      ]),
      options(),
    );
    expect(page).not.toContain('javascript:');
    expect(page).not.toContain('data:image');
    expect(page).toContain('<a part="link" class="x" target="_blank" rel="noopener">');
  });
});

describe('frameCsp', () => {
  const sha256 = async (text: string) =>
    btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))));

  it('allows exactly the inline style and script of the frame, and nothing else', async () => {
    const page = renderFrame(data([item()]), options());
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(await frameCsp('')).toBe(
      `default-src 'none'; style-src 'sha256-${await sha256(style)}'; script-src 'sha256-${await sha256(script)}'; img-src http: https:; base-uri 'none'; form-action 'none'; frame-ancestors *`,
    );
  });

  it("lists the configured partners after 'self'", async () => {
    expect(await frameCsp(' https://a.example   https://b.example ')).toMatch(
      /frame-ancestors 'self' https:\/\/a\.example https:\/\/b\.example$/,
    );
  });
});
