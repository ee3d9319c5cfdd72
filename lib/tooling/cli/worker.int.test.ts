import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDatabaseHandle } from "../../db/client";
import { invoices } from "../../db/schema";
import { createMerchant } from "../testing/fixtures";
import { newInvoice, payByWallet, usdcOption } from "../testing/payments";
import {
  killGroup,
  startWorker as startTestWorker,
  until,
  type WorkerProcess,
} from "../testing/workers";

const dataDir = mkdtempSync(join(tmpdir(), "checkout-worker-"));
const running: WorkerProcess[] = [];

function startWorker(env: Record<string, string>): WorkerProcess {
  const worker = startTestWorker(dataDir, env);
  running.push(worker);
  return worker;
}

const WATCHING = "Payment watcher for Local chain (chain 31337) is running.";

afterAll(async () => {
  for (const worker of running) killGroup(worker.child, "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

it("refuses the embedded PGlite store with one sentence", async () => {
  const worker = startWorker({ DATABASE_URL: "" });
  expect(await worker.exited).toBe(1);
  expect(worker.output()).toContain(
    "Cannot start the worker: it needs a PostgreSQL DATABASE_URL; with the embedded PGlite store the server watches payments itself.",
  );
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("two workers on one PostgreSQL", () => {
  it("exactly one watches the chain; when it is killed the other takes over and credits", async () => {
    const handle = await getDatabaseHandle();
    const url = handle.url!;
    const { apiKey } = await createMerchant({ name: "Two Workers Shop" });
    const a = startWorker({ DATABASE_URL: url });
    const b = startWorker({ DATABASE_URL: url });

    const [holder, standby] = await until("a worker to take the chain", () =>
      a.output().includes(WATCHING) ? [a, b] : b.output().includes(WATCHING) ? [b, a] : undefined,
    );
    // Give the other every chance to (wrongly) start watching too.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(standby.output()).not.toContain(WATCHING);
    const locks = await handle.db.execute(
      sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = 73102 and objid = 31337 and granted`,
    );
    expect((locks as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);

    // The holder's machine dies: no goodbye, its connection just drops.
    killGroup(holder.child, "SIGKILL");
    await holder.exited;
    const killedAt = Date.now();
    const invoice = await newInvoice(apiKey, { amount: "8.80" });
    await payByWallet(6, usdcOption(invoice));

    await until("the other worker to take over", () =>
      standby.output().includes(WATCHING) ? true : undefined,
    );
    const takeoverMs = Date.now() - killedAt;
    console.log(`The standby worker took over ${takeoverMs} ms after the kill.`);
    expect(takeoverMs).toBeLessThan(10_000);
    await until("the payment made after the kill to be credited", async () => {
      const [row] = await handle.db
        .select({ status: invoices.status })
        .from(invoices)
        .where(eq(invoices.id, invoice.id));
      return row?.status === "paid" ? true : undefined;
    });
    // A polite stop ends it (and lets go of the lock) without hanging.
    killGroup(standby.child, "SIGTERM");
    await standby.exited;
  }, 120_000);
});
