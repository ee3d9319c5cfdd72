import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { chainCursors } from "@/lib/db/schema";
import { chainHealth } from "@/lib/server/health";
import { callRoute, chainClients, rpcUrl } from "@/lib/tooling/testing/fixtures";
import { localWatcher } from "@/lib/tooling/testing/payments";
import { startRpcProxy } from "@/lib/tooling/testing/rpcProxy";
import { GET } from "./route";

afterEach(() => {
  delete process.env.HEALTH_MAX_LAG_BLOCKS;
  delete process.env.HEALTH_STALL_SECONDS;
  resetConfigForTests();
});

it("shows per chain the head, the watcher's cursor, the lag, whether it is healthy and its last error", async () => {
  const before = await callRoute(GET);
  expect(before.status).toBe(200);
  expect(before.json.chains[0]).toMatchObject({
    chain_id: 31337,
    cursor: null,
    lag: null,
    healthy: false,
    problem: "The watcher has not scanned this chain yet.",
  });

  const watcher = await localWatcher();
  await watcher.runOnce();
  await chainClients().testClient.mine({ blocks: 4 });
  const behind = (await callRoute(GET)).json.chains[0];
  expect(BigInt(behind.head) - BigInt(behind.cursor)).toBe(4n);
  expect(behind).toMatchObject({ lag: "4", last_error: null, healthy: true, problem: null });

  await watcher.runOnce();
  expect((await callRoute(GET)).json.chains[0]).toMatchObject({ lag: "0", healthy: true });

  // A watcher whose RPC fails keeps retrying and says why; that alone is not an outage.
  const proxy = await startRpcProxy({ target: rpcUrl() });
  const flaky = await localWatcher({ rpcUrl: proxy.url, backoff: { baseMs: 10, maxMs: 20 } });
  try {
    flaky.start();
    await expect.poll(() => flaky.status().lastPass, { timeout: 10_000 }).not.toBeNull();
    proxy.setFaults({ serverError: 1 });
    await expect.poll(() => flaky.status().lastError, { timeout: 10_000 }).not.toBeNull();
    await expect
      .poll(async () => (await callRoute(GET)).json.chains[0].healthy, { timeout: 10_000 })
      .toBe(false);
    const failing = await callRoute(GET);
    expect(failing.status).toBe(200);
    expect(failing.json.status).toBe("ok");
    expect(failing.json.chains[0].problem).toMatch(/last pass failed .*retrying/);
    expect(failing.json.chains[0].last_error).toMatch(/The RPC answered HTTP 50[23]/);
    expect(failing.json.chains[0].last_error_at).not.toBeNull();

    // The RPC comes back: healthy again at the next pass (not at the next 10 s heartbeat), the
    // last error kept for the record.
    proxy.setFaults({});
    await expect
      .poll(async () => (await callRoute(GET)).json.chains[0].healthy, { timeout: 5000 })
      .toBe(true);
    const recovered = (await callRoute(GET)).json.chains[0];
    expect(recovered.problem).toBeNull();
    // Passes may fail again (502 or 503) between the two reads: the latest failure is kept.
    expect(recovered.last_error).toMatch(/The RPC answered HTTP 50[23]/);
    expect(Date.parse(recovered.last_error_at)).toBeGreaterThanOrEqual(
      Date.parse(failing.json.chains[0].last_error_at),
    );
    expect(Date.parse(recovered.checked_at)).toBeGreaterThan(Date.parse(recovered.last_error_at));
  } finally {
    await flaky.stop();
    await proxy.stop();
  }
});

it("answers 503 degraded while a watcher is more than HEALTH_MAX_LAG_BLOCKS behind", async () => {
  process.env.HEALTH_MAX_LAG_BLOCKS = "3";
  resetConfigForTests();
  const watcher = await localWatcher();
  await watcher.runOnce();
  await chainClients().testClient.mine({ blocks: 4 });
  const lagging = await callRoute(GET);
  expect(lagging.status).toBe(503);
  expect(lagging.json.status).toBe("degraded");
  expect(lagging.json.chains[0]).toMatchObject({ lag: "4", healthy: false });
  expect(lagging.json.chains[0].problem).toMatch(/4 blocks behind the head \(more than 3\)/);

  await watcher.runOnce();
  const caughtUp = await callRoute(GET);
  expect(caughtUp.status).toBe(200);
  expect(caughtUp.json.chains[0]).toMatchObject({ lag: "0", healthy: true });
});

it("is degraded when the cursor stands still while a block waits, not at a quiet chain's first new block", async () => {
  process.env.HEALTH_STALL_SECONDS = "60";
  resetConfigForTests();
  const watcher = await localWatcher();
  await watcher.runOnce();
  const db = await getDb();
  // No block for an hour (the local chain mines only on demand), then one arrives.
  const hourAgo = new Date(Date.now() - 3_600_000);
  await db.update(chainCursors).set({ updatedAt: hourAgo }).where(eq(chainCursors.chainId, 31337));
  await chainClients().testClient.mine({ blocks: 1 });
  const fresh = await callRoute(GET);
  expect(fresh.status).toBe(200);
  expect(fresh.json.chains[0]).toMatchObject({ lag: "1", healthy: true });

  // Nobody scans it: an hour later the block is still waiting and the cursor has not moved.
  const later = new Date(Date.now() + 3_600_000);
  const stalled = await chainHealth(db, { now: later });
  expect(stalled.status).toBe("degraded");
  expect(stalled.chains[0]!.healthy).toBe(false);
  expect(stalled.chains[0]!.problem).toMatch(/has not moved for 7\d{3} s while 1 newer block/);

  await watcher.runOnce();
  const moving = await chainHealth(db, { now: later });
  expect(moving.status).toBe("ok");
  expect(moving.chains[0]).toMatchObject({ lag: "0", healthy: true });
});
