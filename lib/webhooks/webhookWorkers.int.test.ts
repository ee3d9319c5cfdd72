import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDatabaseHandle, getDb } from "../db/client";
import { webhookDeliveries } from "../db/schema";
import { createMerchant } from "../tooling/testing/fixtures";
import { newInvoice } from "../tooling/testing/payments";
import { startWebhookReceiver, type WebhookReceiver } from "../tooling/testing/webhookReceiver";
import { killGroup, startWorker, until, type WorkerProcess } from "../tooling/testing/workers";
import { createWebhookEndpoint } from "./endpoints";

const dataDir = mkdtempSync(join(tmpdir(), "checkout-webhook-workers-"));
const workers: WorkerProcess[] = [];
const receivers: WebhookReceiver[] = [];

afterAll(async () => {
  for (const worker of workers) killGroup(worker.child, "SIGKILL");
  await Promise.all(receivers.map((receiver) => receiver.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function setUp(receiverOptions: Parameters<typeof startWebhookReceiver>[0]) {
  const receiver = await startWebhookReceiver(receiverOptions);
  receivers.push(receiver);
  const { apiKey, merchant } = await createMerchant();
  const { endpoint, secret } = await createWebhookEndpoint(await getDb(), {
    merchantId: merchant.id,
    livemode: false,
    body: { url: receiver.url, enabled_events: ["invoice.created"] },
  });
  receiver.setSecret(secret);
  return { apiKey, receiver, endpointId: endpoint.id };
}

function worker(env: Record<string, string>) {
  const started = startWorker(dataDir, env);
  workers.push(started);
  return started;
}

// Separate processes share a database only on PostgreSQL (PGlite serves one process).
describe.skipIf(!process.env.TEST_DATABASE_URL)("webhook senders in separate processes", () => {
  it("a sender killed between attempts: after a restart the delivery still happens", async () => {
    const { url, db } = await getDatabaseHandle();
    const { apiKey, receiver, endpointId } = await setUp({ answers: [500] });
    const first = worker({ DATABASE_URL: url!, WEBHOOK_RETRY_SCHEDULE: "2" });
    await newInvoice(apiKey);

    await until("the first attempt to fail and be recorded", async () => {
      const [row] = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpointId));
      return row && row.attempts === 1 && row.lockedUntil === null ? row : undefined;
    });
    killGroup(first.child, "SIGKILL");
    await first.exited;
    expect(receiver.accepted()).toHaveLength(0);

    worker({ DATABASE_URL: url!, WEBHOOK_RETRY_SCHEDULE: "2" });
    await until("the retry to be delivered by the restarted sender", () =>
      receiver.accepted().length === 1 ? true : undefined,
    );
    // The receiver answers before the sender records the answer.
    const row = await until("the sender to record the delivery", async () => {
      const [delivery] = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpointId));
      return delivery?.status === "pending" ? undefined : delivery;
    });
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200 });
    expect(receiver.received.map((entry) => entry.status)).toEqual([500, 200]);
  }, 120_000);

  it("two senders on one PostgreSQL never send one delivery twice, let alone at once", async () => {
    const { url } = await getDatabaseHandle();
    const { apiKey, receiver } = await setUp({ delayMs: 150 });
    worker({ DATABASE_URL: url! });
    worker({ DATABASE_URL: url! });
    const count = 30;
    await Promise.all(Array.from({ length: count }, () => newInvoice(apiKey, { amount: "1.00" })));
    await until(
      "every event to arrive",
      () => (receiver.accepted().length >= count ? true : undefined),
      60_000,
    );
    // Leave time for any duplicate to show up.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const ids = receiver.received.map((entry) => entry.id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(receiver.overlaps()).toBe(0);
  }, 120_000);

  it("a receiver so slow that a batch outlives one lease: still never sent twice", async () => {
    const { url, db } = await getDatabaseHandle();
    // 20 deliveries (one claim) at 700 ms each take about 14 s: more than five leases of 2.5 s.
    const { apiKey, receiver, endpointId } = await setUp({ delayMs: 700 });
    const count = 20;
    for (let i = 0; i < count; i++) await newInvoice(apiKey, { amount: "1.00" });
    const env = { DATABASE_URL: url!, WEBHOOK_TIMEOUT_MS: "1500", WEBHOOK_LEASE_MS: "2500" };
    // The first claims the whole batch; the second arrives once the first is busy with it.
    worker(env);
    await until("the first sender to start on the batch", () =>
      receiver.received.length > 0 ? true : undefined,
    );
    const second = worker(env);
    await until("the second sender to be running", () =>
      second.output().includes("Worker started") ? true : undefined,
    );
    // It came up while the first one's claim was long expired and the batch not done.
    expect(receiver.received.length).toBeLessThan(count);
    await until(
      "every event to arrive",
      () => (receiver.accepted().length >= count ? true : undefined),
      60_000,
    );
    // Leave time for any duplicate to show up.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const ids = receiver.received.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toHaveLength(count);
    expect(receiver.overlaps()).toBe(0);
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(
      Array.from({ length: count }, () => ["succeeded", 1]),
    );
  }, 120_000);
});
