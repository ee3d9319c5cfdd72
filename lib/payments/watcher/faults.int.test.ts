import { inArray } from "drizzle-orm";
import type { Hash } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { chainCursors, events, invoices, payments } from "../../db/schema";
import { chainClients, createMerchant, rpcUrl, walletFor } from "../../tooling/testing/fixtures";
import { localWatcher, newInvoice, usdcOption } from "../../tooling/testing/payments";
import { type RpcProxy, startRpcProxy } from "../../tooling/testing/rpcProxy";

let proxy: RpcProxy;
beforeAll(async () => {
  proxy = await startRpcProxy({ target: rpcUrl(), seed: 20_260_101 });
});
afterAll(async () => {
  await chainClients().testClient.setAutomine(true);
  await proxy.stop();
});

it("through drops, delays, timeouts, 5xx, 429s and a stale head, 30 invoices end paid exactly once", async () => {
  const { apiKey } = await createMerchant({ name: "Flaky RPC Shop" });
  const created = [];
  for (let i = 0; i < 30; i++) {
    created.push(await newInvoice(apiKey, { amount: `${1 + i}.00`, order_id: `F-${i}` }));
  }

  const watcher = await localWatcher({
    rpcUrl: proxy.url,
    pollIntervalMs: 50,
    rpcTimeoutMs: 500,
    maxLogRange: 3,
    backoff: { baseMs: 10, maxMs: 200 },
  });
  // The first pass sets the cursor at the current head, before any fault.
  await watcher.runOnce();
  proxy.setFaults({
    drop: 0.08,
    delay: 0.2,
    delayMs: 150,
    hang: 0.02,
    serverError: 0.08,
    rateLimit: 0.08,
    staleHead: 0.25,
    maxLogRange: 2,
  });
  watcher.start();

  // Paid by wallets only (no hash is posted): five payments a block, with empty blocks between.
  const { testClient, publicClient } = chainClients();
  await testClient.setAutomine(false);
  const hashes: Hash[] = [];
  for (const [index, invoice] of created.entries()) {
    const option = usdcOption(invoice);
    hashes.push(
      await walletFor(1 + (index % 8)).sendTransaction({
        to: option.transaction.to,
        data: option.transaction.data,
      }),
    );
    if (index % 5 === 4) await testClient.mine({ blocks: 1 + (index % 3) });
  }
  for (const hash of hashes) {
    expect(
      (await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })).status,
    ).toBe("success");
  }
  await testClient.setAutomine(true);

  const db = await getDb();
  const ids = created.map((invoice) => invoice.id);
  const deadline = Date.now() + 90_000;
  let paid = 0;
  while (Date.now() < deadline) {
    const rows = await db
      .select({ status: invoices.status })
      .from(invoices)
      .where(inArray(invoices.id, ids));
    paid = rows.filter((row) => row.status === "paid").length;
    if (paid === ids.length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await watcher.stop();
  expect(paid).toBe(30);

  const credited = await db.select().from(payments).where(inArray(payments.invoiceId, ids));
  expect(credited).toHaveLength(30);
  for (const invoice of created) {
    const own = credited.filter((payment) => payment.invoiceId === invoice.id);
    expect(own).toHaveLength(1);
    expect(own[0]!.amount).toBe(BigInt(usdcOption(invoice).amount));
  }
  const paidEvents = await db
    .select({ invoiceId: events.invoiceId, type: events.type })
    .from(events)
    .where(inArray(events.invoiceId, ids));
  expect(paidEvents.filter((event) => event.type === "invoice.paid")).toHaveLength(30);
  expect(
    paidEvents.filter((event) => event.type !== "invoice.created" && event.type !== "invoice.paid"),
  ).toEqual([]);

  // Every kind of fault really happened, and the watcher noticed (and said so for /api/health).
  for (const kind of [
    "drop",
    "delay",
    "hang",
    "serverError",
    "rateLimit",
    "staleHead",
    "rangeTooLarge",
  ] as const) {
    expect(proxy.injected[kind], kind).toBeGreaterThan(0);
  }
  const [cursor] = await db.select().from(chainCursors);
  expect(cursor!.lastError).not.toBeNull();
  for (const payment of credited) {
    expect(cursor!.blockNumber).toBeGreaterThanOrEqual(payment.blockNumber);
  }
}, 150_000);
