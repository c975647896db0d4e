import type * as z from 'zod';

/**
 * Parses a stored KV value with its schema. A record that fails is logged and treated as absent:
 * one corrupt article must never turn a whole feed into a 500.
 */
export function parseRecord<S extends z.ZodType>(schema: S, key: string, text: string | null): z.infer<S> | null {
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    logInvalid(key, ['not valid JSON']);
    return null;
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    logInvalid(
      key,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
    return null;
  }
  return result.data;
}

function logInvalid(key: string, issues: string[]): void {
  console.warn(JSON.stringify({ event: 'kv.record_invalid', key, issues: issues.slice(0, 5) }));
}
