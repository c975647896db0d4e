/** Every key name under `prefix`, in KV's order, paging through `list` (at most 1000 keys a call). */
export async function listKeys(kv: KVNamespace, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, ...(cursor ? { cursor } : {}) });
    for (const { name } of page.keys) names.push(name);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}
