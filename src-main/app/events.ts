/** The app's events, to whoever listens (each transport forwards them to its window). */
import type { EventName, Events } from './shapes.js';

export type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // a closed window or connection must not break the others
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
