import "server-only";
import pg from "pg";
import type { DatabaseHandle } from "../db/client";

/**
 * Leadership for one job among app instances that share a database: exactly one holder at a
 * time, and when the holder dies its lock goes with its connection, so another takes over.
 */
export type WatcherLock = {
  /** True while this process holds the lock (false again if its connection dropped). */
  readonly held: boolean;
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
};

/** First half of the two-int advisory lock key: "payment watcher" (the second is the chain id). */
const WATCHER_LOCK_CLASS = 73_102;

/**
 * A PostgreSQL session-level advisory lock on a dedicated connection. PostgreSQL drops it when the
 * session ends, including when the process is killed, so a waiting instance gets it at its next
 * try. With the embedded PGlite store only one process can open the database: the lock is local.
 */
export function createWatcherLock(handle: DatabaseHandle, key: number): WatcherLock {
  if (handle.kind !== "postgres" || !handle.url) return localLock();
  const url = handle.url;
  let client: pg.Client | null = null;
  let held = false;

  const drop = () => {
    held = false;
    const old = client;
    client = null;
    old?.end().catch(() => {});
  };

  return {
    get held() {
      return held;
    },
    async tryAcquire() {
      if (held) return true;
      try {
        if (!client) {
          const fresh = new pg.Client({
            connectionString: url,
            keepAlive: true,
            application_name: `checkout-watcher-${key}`,
          });
          fresh.on("error", drop);
          fresh.on("end", () => {
            if (client === fresh) drop();
          });
          await fresh.connect();
          client = fresh;
        }
        const result = await client.query<{ locked: boolean }>(
          "select pg_try_advisory_lock($1, $2) as locked",
          [WATCHER_LOCK_CLASS, key],
        );
        held = result.rows[0]?.locked === true;
        return held;
      } catch {
        drop();
        return false;
      }
    },
    async release() {
      const current = client;
      if (current && held) {
        await current
          .query("select pg_advisory_unlock($1, $2)", [WATCHER_LOCK_CLASS, key])
          .catch(() => {});
      }
      held = false;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}

function localLock(): WatcherLock {
  let held = false;
  return {
    get held() {
      return held;
    },
    async tryAcquire() {
      held = true;
      return true;
    },
    async release() {
      held = false;
    },
  };
}
