/**
 * Runs `fn` over `items` with at most `limit` in flight, yielding results in input order.
 * When the consumer stops early (an error in its loop, or a break) or `fn` fails, the
 * work already started is waited for before the generator ends: nothing still running
 * may use what the caller closes next (the library's database).
 */
export async function* mapOrdered<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const queue: Promise<R>[] = [];
  const it = items[Symbol.iterator]();
  const fill = (): void => {
    while (queue.length < limit) {
      const next = it.next();
      if (next.done) return;
      queue.push(fn(next.value));
    }
  };
  try {
    fill();
    while (queue.length > 0) {
      const head = queue.shift()!;
      const value = await head;
      fill();
      yield value;
    }
  } finally {
    await Promise.allSettled(queue);
  }
}

/**
 * A budget of bytes held at once (files read into memory): `run` waits until
 * `bytes` fit beside what is held. One holder is always let in, however large,
 * so nothing waits forever.
 */
export class ByteBudget {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    while (this.held > 0 && this.held + bytes > this.limit) await new Promise<void>((res) => this.waiting.push(res));
    this.held += bytes;
    try {
      return await fn();
    } finally {
      this.held -= bytes;
      for (const w of this.waiting.splice(0)) w();
    }
  }
}
