// Bounded concurrency: slots that at most `limit` holders have at once (how many lanes talk to Slack), and
// a map over items through them.

/** At most `limit` holders at a time, served in the order they asked; `take()` gives the slot's release. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  async take(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    // Released, the slot passes straight to the next in line, if any.
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/** Runs `fn` over the items with at most `limit` at a time; results keep the items' order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const slots = new Slots(limit);
  return Promise.all(
    items.map(async (item) => {
      const release = await slots.take();
      try {
        return await fn(item);
      } finally {
        release();
      }
    }),
  );
}
