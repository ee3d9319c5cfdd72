import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDatabaseHandle } from "../../db/client";
import { localWatcher } from "../../tooling/testing/payments";
import { startTcpProxy } from "../../tooling/testing/tcpProxy";
import { until } from "../../tooling/testing/workers";
import { createWatcherLock, openLockSession } from "./watcherLock";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function lockHolderPid(key: number): Promise<number | undefined> {
  const { db } = await getDatabaseHandle();
  const result = await db.execute(
    sql`select pid from pg_locks where locktype = 'advisory' and classid = 73102 and objid = ${key} and granted`,
  );
  return (result as unknown as { rows: { pid: number }[] }).rows[0]?.pid;
}

// Advisory locks and TCP sessions exist only on a PostgreSQL server.
describe.skipIf(!process.env.TEST_DATABASE_URL)("the watcher lock on PostgreSQL", () => {
  it("its session has TCP keepalives that let PostgreSQL drop a vanished holder within about 30 s", async () => {
    const { url } = await getDatabaseHandle();
    const session = await openLockSession(url!, 31337);
    cleanups.push(() => session.end());
    const show = async (name: string) =>
      (await session.query<Record<string, string>>(`show ${name}`)).rows[0]![name];
    // Loopback TCP, as in production (a Unix socket would report 0: keepalives do not apply).
    expect(await show("tcp_keepalives_idle")).toBe("10");
    expect(await show("tcp_keepalives_interval")).toBe("5");
    expect(await show("tcp_keepalives_count")).toBe("3");
    expect(await show("tcp_user_timeout")).toBe("30000");
  });

  it("a holder whose lock connection goes silent stops watching before another can take over", async () => {
    const handle = await getDatabaseHandle();
    const server = new URL(handle.url!);
    const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    cleanups.push(() => proxy.stop());
    const throughProxy = new URL(handle.url!);
    throughProxy.port = String(proxy.port);

    const lock = createWatcherLock({ ...handle, url: throughProxy.toString() }, 31337, {
      heartbeatMs: 500,
    });
    const watcher = await localWatcher({ lock, lockRetryMs: 200 });
    cleanups.push(() => watcher.stop());
    watcher.start();
    await until("the watcher to hold the lock and run", () =>
      watcher.status().active ? true : undefined,
    );
    const heldBy = await lockHolderPid(31337);
    expect(heldBy).toBeDefined();

    // A partition: the holder's connection neither answers nor closes.
    proxy.freeze();
    const frozenAt = Date.now();
    await until(
      "the holder to notice and stop watching",
      () => (!watcher.status().active && !lock.held ? true : undefined),
      10_000,
    );
    console.log(`The cut-off holder stopped watching ${Date.now() - frozenAt} ms after the cut.`);

    // PostgreSQL still holds the lock for the silent session, so nobody else runs yet.
    const standby = createWatcherLock(handle, 31337);
    cleanups.push(() => standby.release());
    expect(await standby.tryAcquire()).toBe(false);
    expect(await lockHolderPid(31337)).toBe(heldBy);

    // What the keepalives above make PostgreSQL do after about 30 s: end the dead session.
    const { db } = handle;
    await db.execute(sql`select pg_terminate_backend(${heldBy!})`);
    await until("the standby to take the lock", async () =>
      (await standby.tryAcquire()) ? true : undefined,
    );
    expect(watcher.status().active).toBe(false);
    // The cable again: the cut-off holder's retries fail at once instead of timing out.
    await proxy.stop();
  });
});
