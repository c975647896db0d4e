/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1). A pure function: the same input gives byte-identical output, as
 * the UTF-8 bytes to send. JSON.stringify escapes what JSON needs (quotes, controls, lone surrogates), so every
 * string round-trips exactly.
 */
import type { Article } from '../schema/article';
import { utf8, type ByteWriter } from './byte-writer';
import { renderFeed, type FeedFormat } from './document';
import type { FeedItem } from './item';
import { writeJsonStringContent } from './json-text';
import type { FeedMeta } from './model';

interface JsonFeedAuthor {
  name: string;
  url: string | undefined;
}

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  content_html: string;
  image: string | undefined;
  banner_image: string | undefined;
  date_published: string;
  date_modified: string;
  authors: JsonFeedAuthor[];
  tags: string[];
  language: string | undefined;
}

interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  next_url: string | undefined;
  description: string;
  icon: string;
  favicon: string;
  language: string;
  hubs: { type: 'WebSub'; url: string }[] | undefined;
  items: JsonFeedItem[];
}

/** The members before `content_html`. */
type JsonItemHead = Pick<JsonFeedItem, 'id' | 'url' | 'title' | 'summary'>;
/** The members after it. */
type JsonItemTail = Omit<JsonFeedItem, keyof JsonItemHead | 'content_html'>;

const CONTENT_OPEN = utf8(',"content_html":"');

/*
 * Object literals with every key present, in a fixed order, keep the output order fixed and give V8 one object shape;
 * JSON.stringify leaves out the keys whose value is undefined. The item is `JSON.stringify` of a JsonFeedItem, written
 * in three parts so that the content, nearly all of its bytes, is escaped as it is written and never held as a
 * string: the members before it (their object without its closing brace), the content, and the members after it
 * (their object with its opening brace made the comma between members).
 */
function writeItem(out: ByteWriter, item: FeedItem): void {
  const { article } = item;
  const head: JsonItemHead = { id: item.guid, url: article.url, title: article.title, summary: article.dek };
  const headJson = JSON.stringify(head);
  out.write(headJson.slice(0, -1));
  out.writeBytes(CONTENT_OPEN);
  writeJsonStringContent(out, article.bodyHtml);
  const tail: JsonItemTail = {
    image: article.image?.url,
    banner_image: article.image?.url,
    date_published: item.published,
    date_modified: item.updated,
    authors: article.authors.map((author) => ({ name: author.name, url: author.url })),
    // A label can repeat across taxonomies (a region and a tag both called "Europe"); JSON Feed tags are plain strings.
    tags: [...new Set(item.categories.map((category) => category.label))],
    language: item.language,
  };
  out.write(`",${JSON.stringify(tail).slice(1)}`);
}

/**
 * JSON Feed 1.1. JSON.stringify without indentation writes a value the same way wherever it sits, so the document is
 * its opening (all of it up to the empty `items` array, which is last), each item stringified on its own with commas
 * between, and the closing `]}`: the same bytes as stringifying it whole, without ever holding it as one string.
 */
export const jsonFeedFormat: FeedFormat<null> = {
  mediaType: 'application/feed+json',
  label: 'JSON Feed',
  open(meta) {
    const document: JsonFeed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: meta.title,
      home_page_url: meta.siteUrl,
      feed_url: meta.selfUrl,
      next_url: meta.nextUrl,
      description: meta.description,
      icon: meta.icon,
      favicon: meta.icon,
      language: meta.language,
      hubs: meta.hubUrl === undefined ? undefined : [{ type: 'WebSub', url: meta.hubUrl }],
      items: [],
    };
    return JSON.stringify(document).slice(0, -2);
  },
  itemContext: () => null,
  writeItem,
  separator: ',',
  close: utf8(']}'),
};

/** Renders `articles`, in the order given, as a JSON Feed 1.1 document: its UTF-8 bytes. */
export const renderJsonFeed = (meta: FeedMeta, articles: readonly Article[]): Uint8Array =>
  renderFeed(jsonFeedFormat, meta, articles);
