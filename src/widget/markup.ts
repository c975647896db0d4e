import type { WidgetData, WidgetItem } from './latest-json';
import type { ViewOptions } from './options';

export type Attrs = Record<string, string | number | undefined>;
export type Child<N> = N | string | false | undefined;

/**
 * Builds one element. widget.js passes one that creates DOM nodes, /widget/frame one that writes escaped HTML,
 * so the widget's markup exists once (in `widgetView`). A string child is always text, never markup; an
 * undefined attribute is left out.
 */
export type H<N> = (tag: string, attrs: Attrs, children?: Child<N>[]) => N;

/** Only absolute http(s) URLs are used; anything else (`javascript:`, `data:`, relative) becomes no URL at all. */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The canonical article URL, tagged with the partner's campaign when it set `utm-source`. */
export function articleHref(url: string, utmSource: string | undefined): string | undefined {
  const href = safeUrl(url);
  if (href === undefined || utmSource === undefined) return href;
  const tagged = new URL(href);
  tagged.searchParams.set('utm_source', utmSource);
  tagged.searchParams.set('utm_medium', 'widget');
  return tagged.href;
}

/** Links leave the partner's page in a new tab; `noopener` keeps the article from reaching back into it. */
const OUT = { target: '_blank', rel: 'noopener' } as const;

/**
 * The whole widget. `data` null draws placeholders: the heading and `limit` rows of the same fixed height as
 * the articles, so the widget already has its final size while it loads. Rows the data cannot fill stay as
 * invisible spacers for the same reason.
 */
export function widgetView<N>(h: H<N>, data: WidgetData | null, o: ViewOptions): N {
  const dates = new Intl.DateTimeFormat(o.lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const compact = o.layout === 'compact';

  const item = (it: WidgetItem) => {
    const image = o.images && !compact ? it.image : undefined;
    const src = image && safeUrl(image.url);
    return h('li', { part: 'item', class: 'i', lang: it.language }, [
      image &&
        src &&
        h('img', {
          part: 'image',
          src,
          alt: image.alt,
          width: image.width,
          height: image.height,
          loading: 'lazy',
          decoding: 'async',
        }),
      h('div', { class: 'b' }, [
        h('a', { part: 'link', class: 'x', href: articleHref(it.url, o.utmSource), ...OUT }, [it.title]),
        !compact && h('p', { part: 'dek', class: 'd' }, [it.dek]),
        h('p', { part: 'meta', class: 'm' }, [
          h('time', { datetime: it.publishedAt, lang: o.lang }, [dates.format(new Date(it.publishedAt))]),
          !compact && ` · ${it.authors.map((a) => a.name).join(', ')}`,
        ]),
      ]),
    ]);
  };

  const rows: N[] = [];
  for (let i = 0; i < o.limit; i++) {
    const it = data?.items[i];
    if (it) rows.push(item(it));
    else if (data && i === 0)
      rows.push(
        h('li', { part: 'item', class: 'i' }, [h('p', { class: 'd' }, ['Nothing has been published here yet.'])]),
      );
    else
      rows.push(
        h(
          'li',
          { class: data ? 'i e' : 'i s', 'aria-hidden': 'true' },
          data ? [] : [h('i', {}), h('i', {}), h('i', {})],
        ),
      );
  }

  return h(
    'section',
    {
      part: 'root',
      class: `la l-${o.layout} t-${o.theme}`,
      'aria-labelledby': 'la-h',
      'aria-busy': data ? undefined : 'true',
    },
    [
      h(
        'h2',
        { part: 'heading', id: 'la-h' },
        data
          ? [h('a', { href: safeUrl(data.site.url), ...OUT }, [data.site.name]), h('span', {}, [data.label])]
          : [h('i', {})],
      ),
      h('ol', { part: 'list', 'aria-labelledby': 'la-h' }, rows),
    ],
  );
}
