/**
 * The canonical URL of a representation: the origin and path, then only the parameters that change the answer, in
 * the order given and in one form (numbers as numbers, defaults left out by the caller, unknown parameters never
 * named). It is the answer's cache key, so `?limit=05`, `?limit=5&utm_source=a` and `?_=123&limit=5` share one
 * entry, and the URL a feed gives as its `rel="self"`. Names are case-sensitive, as in every URL (RFC 3986 §6.2.2.1
 * normalises only scheme and host): `LIMIT` is an unknown parameter, ignored like any other.
 */
export function canonicalUrl(
  origin: string,
  path: string,
  params: readonly (readonly [name: string, value: string | number | undefined])[] = [],
): string {
  const query = new URLSearchParams();
  for (const [name, value] of params) if (value !== undefined) query.append(name, String(value));
  const search = query.toString();
  return search === '' ? `${origin}${path}` : `${origin}${path}?${search}`;
}
