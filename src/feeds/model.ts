/** Everything a feed document says about itself; the items are the stored Article records. */
export interface FeedMeta {
  /** "Meridian Review — Asia-Pacific" */
  title: string;
  description: string;
  /** The HTML page this feed mirrors (the publication's home or section page). */
  siteUrl: string;
  /** Absolute URL of this very document, exactly as requested (query included): `rel="self"`. */
  selfUrl: string;
  /** Absolute URL of the next (older) page, RFC 5005 `rel="next"`; absent on the last page. */
  nextUrl?: string;
  /** First page of this feed when this document is a later page, RFC 5005 `rel="first"`. */
  firstUrl?: string;
  /** WebSub hub, advertised as `rel="hub"` when configured. */
  hubUrl?: string;
  /** Stable feed id (Atom `id`), e.g. "tag:meridian-review.example,2024:feed:region:asia-pacific". */
  feedId: string;
  language: string;
  copyright: string;
  /** Square icon, absolute URL. */
  icon: string;
  /** Wide logo, absolute URL. */
  logo: string;
  /** Minutes a client may keep this document; must agree with the response's Cache-Control max-age. */
  ttlMinutes: number;
  /** Prefix of every item's permanent id: GUID = guidPrefix + article.id. */
  guidPrefix: string;
  /** Category scheme/domain URL per taxonomy, e.g. { region: "https://…/regions/" }. */
  categorySchemes: { kind: string; region: string; tag: string };
  /**
   * RFC 3339 date-time that an empty feed gives as its last update (Atom `updated`, which RFC 4287 requires), where a
   * feed with items gives its newest item's. Without it an empty feed is dated at the epoch, which the W3C feed
   * validator flags as an implausible date. RSS, which does not require a build date, leaves it out when empty.
   */
  emptyUpdated?: string;
  /** Display names keyed "region:asia-pacific", "tag:china", "kind:analysis"; a missing key falls back to the slug. */
  termLabels: Record<string, string>;
}
