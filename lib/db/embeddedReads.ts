import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Reads that can be answered from memory on the embedded store.
 *
 * PGlite is opened by one process only (DATA_DIR's lock; the merchant CLI goes through the
 * server), so every statement that can change the database passes through this process's client.
 * The client counts finished statements, except the memo's own reads (plain selects); a read
 * remembered at count N is still exactly what the database holds while the count is N. Any other
 * statement, write or not, moves the count on and so forgets every remembered read: nothing can be
 * served stale, at the price of a miss after any background work (a watcher pass, a webhook claim).
 */
export type StatementCounter = {
  readonly finished: number;
  /** Set while a memo reads: its statements are selects and do not move the count. */
  readonly memoReading: AsyncLocalStorage<true>;
};

// Kept on the client under a registered symbol: in Next.js the server's start-up (instrumentation,
// which opens the database) and the route handlers load separate copies of this module, and every
// copy must find the counter of the one shared client.
const COUNTER = Symbol.for("checkout.embeddedStatementCounter");

/** Counts every query, exec and transaction the client finishes (or fails), but a memo's reads. */
export function countStatements(client: PGlite): void {
  const counter = { finished: 0, memoReading: new AsyncLocalStorage<true>() };
  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of ["query", "exec", "transaction"] as const) {
    const original = target[method]!.bind(client);
    target[method] = async (...args: unknown[]) => {
      const counts = !counter.memoReading.getStore();
      try {
        return await original(...args);
      } finally {
        if (counts) counter.finished++;
      }
    };
  }
  Object.defineProperty(client, COUNTER, { value: counter });
}

/** The counter of a client set up with countStatements, or null (PostgreSQL, or not counted). */
export function statementCounter(client: unknown): StatementCounter | null {
  if (typeof client !== "object" || client === null) return null;
  return (client as Record<symbol, StatementCounter | undefined>)[COUNTER] ?? null;
}

/**
 * A small memo of reads keyed by string, valid while its client's counter stands still. `load`
 * must only read. A value is kept only when no counted statement finished while it was read, so
 * a write racing the read is never hidden; concurrent reads of the memo do not spoil each other.
 */
export class EmbeddedReadMemo<T> {
  /** Every entry was read at this count; entries of an older count are dropped together. */
  private at = -1;
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 5_000) {}

  async read(counter: StatementCounter, key: string, load: () => Promise<T>): Promise<T> {
    if (this.at === counter.finished && this.entries.has(key)) return this.entries.get(key)!;
    const before = counter.finished;
    const value = await counter.memoReading.run(true, load);
    if (counter.finished === before) {
      if (this.at !== before || this.entries.size >= this.capacity) {
        this.entries.clear();
        this.at = before;
      }
      this.entries.set(key, value);
    }
    return value;
  }
}
