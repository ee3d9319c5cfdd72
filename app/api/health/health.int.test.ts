import { expect, it } from "vitest";
import { callRoute, chainClients } from "@/lib/testing/fixtures";
import { freePort } from "@/lib/testing/free-port";
import { localWatcher } from "@/lib/testing/payments";
import { GET } from "./route";

it("shows per chain the head, the watcher's cursor, the lag in blocks and its last error", async () => {
  const before = await callRoute(GET);
  expect(before.status).toBe(200);
  expect(before.json.chains[0]).toMatchObject({ chain_id: 31337, cursor: null, lag: null });

  const watcher = await localWatcher();
  await watcher.runOnce();
  await chainClients().testClient.mine({ blocks: 4 });
  const behind = (await callRoute(GET)).json.chains[0];
  expect(BigInt(behind.head) - BigInt(behind.cursor)).toBe(4n);
  expect(behind).toMatchObject({ lag: "4", last_error: null });

  await watcher.runOnce();
  expect((await callRoute(GET)).json.chains[0]).toMatchObject({ lag: "0", last_error: null });

  // A watcher whose RPC is down keeps retrying and says why.
  const dead = `http://127.0.0.1:${await freePort()}`;
  const failing = await localWatcher({ rpcUrl: dead, backoff: { baseMs: 10, maxMs: 20 } });
  failing.start();
  await expect.poll(() => failing.status().lastError, { timeout: 10_000 }).not.toBeNull();
  await failing.stop();
  const after = (await callRoute(GET)).json;
  expect(after.status).toBe("ok");
  expect(after.chains[0].last_error).toMatch(/HTTP request failed|did not answer|fetch failed/);
  expect(after.chains[0].last_error_at).not.toBeNull();
});
