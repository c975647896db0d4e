/**
 * Text that has broken feeds before — controls, noncharacters, lone surrogates, `]]>`, markup, CR/LF, bidi marks,
 * emoji — in every field an item shows, rendered by each renderer and compared with golden files, so a change in how
 * any of it is escaped, dropped or kept shows as a diff.
 */
import { describe, it } from 'vitest';
import { renderAtom } from '../../src/feeds/atom';
import { renderJsonFeed } from '../../src/feeds/json-feed';
import { renderRss } from '../../src/feeds/rss';
import type { Article } from '../../src/schema/article';
import { expectGolden } from '../support/golden';
import { articles, ORIGIN, pagedMeta } from './support';

const HOSTILE = 'A\u0000B\u0001\u0008\u000B\u000C\u001B\u001F\u007F\u0085\uFFFE\uFFFF\uD800x\uDFFF';
const MARKUP = `<script>alert("x")</script> & &amp; &lt; &#13; &nbsp; 'quoted' ]]> ]] <![CDATA[ <!-- --> <?xml?>`;
const SCRIPTS = 'שלום مرحبا \u202Eevil\u202C \u200F 😀 👩‍👩‍👧 e\u0301 \u{10FFFF}';

const hostile: Article = {
  id: 'h-0001',
  slug: 'hostile',
  url: `${ORIGIN}/2025/06/hostile?a=1&b="2"`,
  title: `Title ${MARKUP} ${HOSTILE} ${SCRIPTS}\r\nend`,
  dek: `Dek <b>bold</b> & ${HOSTILE}\r${SCRIPTS}\t]]>`,
  kind: 'analysis',
  regions: ['asia-pacific'],
  tags: ['china', 'tag<&>"\''],
  authors: [
    { slug: 'x', name: `Name <& "${HOSTILE}" ${SCRIPTS}>`, url: `${ORIGIN}/authors/x?y=1&z=<2>` },
    { slug: 'y', name: '\r\n\t' },
  ],
  publishedAt: '2025-06-12T01:02:03.456+05:30',
  updatedAt: '2025-06-12T23:59:59Z',
  image: {
    url: `${ORIGIN}/media/a b/"x"&y<z>.jpg`,
    alt: `Alt ${MARKUP} ${HOSTILE}`,
    credit: `Credit\r\n${SCRIPTS}`,
    width: 10,
    height: 20,
    type: 'image/jpeg; q="1"',
    length: 1,
  },
  bodyHtml:
    `<p onclick="x()">Body ${MARKUP}</p>\r\n<p>${HOSTILE} ${SCRIPTS}</p>` +
    '<a href="/rel?x=1&amp;y=2">rel</a> <img src=../up.png srcset="a.png 1x, /b.png 2x"> <a href=x]]>' +
    '<a href="javascript:alert(1)">js</a> <a href="//other.example/p">proto-relative</a>',
  language: 'ar',
};

/** The same hostile text without any character XML forbids, so the body takes the CDATA route in RSS. */
const cleanHostile: Article = {
  ...hostile,
  id: 'h-0002',
  bodyHtml: `<p>CRLF\r\nkept in CDATA, ]] but no terminator, &amp; <a href="x/y">relative</a> ${SCRIPTS}</p>`,
  language: 'en',
};

describe('golden hostile text', () => {
  const page = [hostile, cleanHostile, ...articles];
  it.each([
    ['rss', renderRss],
    ['atom', renderAtom],
    ['json', renderJsonFeed],
  ] as const)('hostile.%s', async (format, render) => {
    await expectGolden(`hostile.${format}`, render(pagedMeta, page));
  });
});
