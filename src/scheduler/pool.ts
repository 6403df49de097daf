// Small concurrency helpers for delivering many messages.

/** Consecutive groups of whole lanes, each closing once it holds `size` items or more. */
export function batches<T>(lanes: readonly T[][], size: number): T[][][] {
  const result: T[][][] = [];
  let current: T[][] = [];
  let count = 0;
  for (const lane of lanes) {
    current.push(lane);
    count += lane.length;
    if (count >= size) {
      result.push(current);
      current = [];
      count = 0;
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** Runs `fn` over the items with at most `limit` at a time; results keep the items' order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
