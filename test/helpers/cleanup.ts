/**
 * Cleanups that run last-first, like `defer`. node:test runs a test's after
 * hooks first-first, which would remove a temporary folder before the server
 * or browser that uses it is stopped; here each test (or suite) gets one after
 * hook that undoes its cleanups in reverse.
 */
import { after } from 'node:test';

/** What a cleanup hangs on: a test's context `t`, or a suite's Cleanups. */
export interface Owner {
  after(fn: () => unknown): void;
}

export class Cleanups implements Owner {
  readonly #fns: (() => unknown)[] = [];

  after(fn: () => unknown): void {
    this.#fns.push(fn);
  }

  /** Runs every cleanup, last first, even when one fails; then throws the first failure. */
  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const fn of this.#fns.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw errors[0];
  }
}

const perTest = new WeakMap<Owner, Cleanups>();

/** Runs `fn` when `owner` ends, after the cleanups added later on the same owner. */
export function onCleanup(owner: Owner, fn: () => unknown): void {
  if (owner instanceof Cleanups) return owner.after(fn);
  let cleanups = perTest.get(owner);
  if (!cleanups) {
    const made = (cleanups = new Cleanups());
    perTest.set(owner, made);
    owner.after(() => made.run()); // as a method: node:test's t.after needs its `this`
  }
  cleanups.after(fn);
}

/**
 * The cleanups of the enclosing describe(), or of the whole file at module
 * level. Call it there, not in a before hook: node:test's after() called inside
 * a hook runs as soon as the hook ends.
 */
export function suiteCleanups(): Cleanups {
  const cleanups = new Cleanups();
  after(() => cleanups.run());
  return cleanups;
}
