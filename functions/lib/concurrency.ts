/**
 * Runs `work` on every item, at most `limit` at once (a pool: a slot is refilled as soon as it
 * frees), and answers the results in the items' order. For fan-outs over DynamoDB or an AWS API
 * that must not open one request per item all at once.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
