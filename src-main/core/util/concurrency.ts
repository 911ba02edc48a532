/** Runs `fn` over `items` with at most `limit` in flight, yielding results in input order. */
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
  fill();
  while (queue.length > 0) {
    const head = queue.shift()!;
    const value = await head;
    fill();
    yield value;
  }
}
