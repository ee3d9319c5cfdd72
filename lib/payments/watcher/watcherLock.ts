import "server-only";
import pg from "pg";
import type { DatabaseHandle } from "../../db/client";

/**
 * Leadership for one job among app instances that share a database: exactly one holder at a
 * time, and when the holder dies its lock goes with its connection, so another takes over.
 */
export type WatcherLock = {
  /** True while this process holds the lock (false again if its connection dropped). */
  readonly held: boolean;
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  /** Called once each time a held lock is lost (its connection died or stopped answering). */
  onLost(listener: () => void): void;
};

/** First half of the two-int advisory lock key: "payment watcher" (the second is the chain id). */
const WATCHER_LOCK_CLASS = 73_102;

/**
 * PostgreSQL drops a silent lock session after about 25 s (10 s idle, then 3 probes 5 s apart) and
 * one whose answers go unacknowledged after 30 s, instead of the operating system's two hours or
 * more: a holder cut off by a crash or a partition frees the lock within about 30 s.
 */
const SERVER_KEEPALIVES = { idle: 10, interval: 5, count: 3, userTimeoutMs: 30_000 };

/**
 * The holder checks its lock connection this often, and gives the lock up when the check does
 * not answer within as long: it stops watching well before PostgreSQL frees the lock for another.
 */
export const LOCK_HEARTBEAT_MS = 5000;

/**
 * A session for holding advisory locks: TCP keepalive on our side, and keepalive settings that
 * make the server notice a dead holder within about 30 s.
 */
export async function openLockSession(url: string, key: number): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    keepAlive: true,
    keepAliveInitialDelayMillis: SERVER_KEEPALIVES.idle * 1000,
    connectionTimeoutMillis: 10_000,
    application_name: `checkout-watcher-${key}`,
  });
  await client.connect();
  try {
    await client.query(
      `set tcp_keepalives_idle = ${SERVER_KEEPALIVES.idle}; set tcp_keepalives_interval = ${SERVER_KEEPALIVES.interval}; set tcp_keepalives_count = ${SERVER_KEEPALIVES.count}`,
    );
    // PostgreSQL 12 and later; the keepalives above still apply on older servers.
    await client
      .query(`set tcp_user_timeout = ${SERVER_KEEPALIVES.userTimeoutMs}`)
      .catch(() => undefined);
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

/**
 * A PostgreSQL session-level advisory lock on a dedicated connection. PostgreSQL drops it when the
 * session ends, including when the process is killed, so a waiting instance gets it at its next
 * try; keepalives end a session whose holder vanished without closing it (see above), and the
 * holder's heartbeat makes it stop first. With the embedded PGlite store only one process can
 * open the database: the lock is local.
 */
export function createWatcherLock(
  handle: DatabaseHandle,
  key: number,
  options: { heartbeatMs?: number } = {},
): WatcherLock {
  if (handle.kind !== "postgres" || !handle.url) return localLock();
  const url = handle.url;
  const heartbeatMs = options.heartbeatMs ?? LOCK_HEARTBEAT_MS;
  let client: pg.Client | null = null;
  let held = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const listeners: (() => void)[] = [];

  const drop = () => {
    clearInterval(heartbeat);
    const wasHeld = held;
    held = false;
    const old = client;
    client = null;
    // A connection that stopped answering may never finish a polite goodbye: cut it.
    (old?.connection as unknown as { stream?: { destroy(): void } } | undefined)?.stream?.destroy();
    old?.end().catch(() => {});
    if (wasHeld) for (const listener of listeners) listener();
  };

  const startHeartbeat = (session: pg.Client) => {
    let checking = false;
    heartbeat = setInterval(() => {
      if (checking || client !== session) return;
      checking = true;
      session
        .query({ text: "select 1", query_timeout: heartbeatMs } as pg.QueryConfig)
        .catch(() => {
          if (client === session) {
            console.warn(
              `The watcher lock's connection (key ${key}) stopped answering; giving the lock up.`,
            );
            drop();
          }
        })
        .finally(() => {
          checking = false;
        });
    }, heartbeatMs);
    heartbeat.unref();
  };

  return {
    get held() {
      return held;
    },
    onLost(listener) {
      listeners.push(listener);
    },
    async tryAcquire() {
      if (held) return true;
      try {
        if (!client) {
          const fresh = await openLockSession(url, key);
          fresh.on("error", () => {
            if (client === fresh) drop();
          });
          fresh.on("end", () => {
            if (client === fresh) drop();
          });
          client = fresh;
        }
        const result = await client.query<{ locked: boolean }>(
          "select pg_try_advisory_lock($1, $2) as locked",
          [WATCHER_LOCK_CLASS, key],
        );
        held = result.rows[0]?.locked === true;
        if (held) startHeartbeat(client);
        return held;
      } catch {
        drop();
        return false;
      }
    },
    async release() {
      clearInterval(heartbeat);
      const current = client;
      const wasHeld = held;
      held = false;
      client = null;
      if (!current) return;
      // Bounded: stopping must not hang on a connection that no longer answers.
      const unlocked = await (wasHeld ? current : null)
        ?.query({
          text: "select pg_advisory_unlock($1, $2)",
          values: [WATCHER_LOCK_CLASS, key],
          query_timeout: heartbeatMs,
        } as pg.QueryConfig)
        .then(
          () => true,
          () => false,
        );
      if (unlocked === false) {
        (current.connection as unknown as { stream?: { destroy(): void } }).stream?.destroy();
      }
      await Promise.race([
        current.end().catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, heartbeatMs).unref()),
      ]);
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
    onLost() {},
  };
}
