/**
 * Group commit: every item submitted while a write is in flight (or in the same turn of the event loop)
 * goes into the next single write, which starts the moment the previous one ends. Each item is written
 * within about one round trip of being submitted, yet the number of statements stays far below the number
 * of items when many arrive at once.
 */
export class GroupWriter<I, O> {
  private pending: { item: I; resolve: (result: O) => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  /** `write` returns one result per item, in order. */
  constructor(private readonly write: (items: I[]) => Promise<O[]>) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.start();
    });
  }

  private start(): void {
    if (this.writing || this.pending.length === 0) return;
    this.writing = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const results = await this.write(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i] as O);
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.writing = false;
      this.start();
    }
  }
}
