import * as z from 'zod';

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as a checker independent of our renderer. */
const Url = z.url();
const Rfc3339 = z.iso.datetime({ offset: true });
const Author = z
  .looseObject({ name: z.string().optional(), url: Url.optional(), avatar: Url.optional() })
  .refine(
    (a) => a.name !== undefined || a.url !== undefined || a.avatar !== undefined,
    'an author needs name, url or avatar',
  );

const Item = z
  .looseObject({
    id: z.string().min(1),
    url: Url.optional(),
    external_url: Url.optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: Url.optional(),
    banner_image: Url.optional(),
    date_published: Rfc3339.optional(),
    date_modified: Rfc3339.optional(),
    authors: z.array(Author).optional(),
    tags: z.array(z.string()).optional(),
    language: z.string().optional(),
    attachments: z.array(z.looseObject({ url: Url, mime_type: z.string() })).optional(),
  })
  .refine(
    (i) => i.content_html !== undefined || i.content_text !== undefined,
    'an item needs content_html or content_text',
  );

export const JsonFeed11 = z.looseObject({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: Url.optional(),
  feed_url: Url.optional(),
  description: z.string().optional(),
  next_url: Url.optional(),
  icon: Url.optional(),
  favicon: Url.optional(),
  authors: z.array(Author).optional(),
  language: z.string().optional(),
  expired: z.boolean().optional(),
  hubs: z.array(z.looseObject({ type: z.string(), url: Url })).optional(),
  items: z.array(Item),
});
