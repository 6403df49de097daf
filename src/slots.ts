// Bounded concurrency: slots that at most `limit` holders have at once (the scheduler's lanes talking to
// Slack, the events a bot works on), and a map over items through them.

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

  /** `work` once a slot is free, the slot given back when it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** Runs `fn` over the items with at most `limit` at a time; results keep the items' order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const slots = new Slots(limit);
  return Promise.all(items.map((item) => slots.run(() => fn(item))));
}
