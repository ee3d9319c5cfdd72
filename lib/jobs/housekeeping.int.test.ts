import { eq, lt } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDatabaseHandle, getDb } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { createMerchant } from "../tooling/testing/fixtures";
import { purgeExpiredIdempotencyKeys } from "./purgeIdempotencyKeys";
import { type JobsHandle, startJobs } from "./startJobs";

let jobs: JobsHandle | undefined;
afterEach(async () => {
  await jobs?.stop();
  jobs = undefined;
});

async function saveKey(merchantId: string, key: string, expiresAt: Date) {
  const db = await getDb();
  await db.insert(idempotencyKeys).values({
    merchantId,
    livemode: false,
    key,
    requestHash: "0".repeat(64),
    status: "completed",
    responseStatus: 201,
    responseBody: { id: key },
    createdAt: new Date(expiresAt.getTime() - 24 * 3600 * 1000),
    expiresAt,
  });
}

async function keys(merchantId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.merchantId, merchantId));
  return rows.map((row) => row.key).sort();
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("idempotency keys past their 24 hours", () => {
  it("are deleted by the housekeeping as it starts, then once an hour; fresh ones stay", async () => {
    const { merchant } = await createMerchant();
    const now = Date.now();
    await saveKey(merchant.id, "expired", new Date(now - 1000));
    await saveKey(merchant.id, "fresh", new Date(now + 3600_000));

    jobs = startJobs(await getDatabaseHandle(), { chains: [], everyMs: 20, webhooks: false });
    await until(async () => !(await keys(merchant.id)).includes("expired"));
    expect(await keys(merchant.id)).toEqual(["fresh"]);

    // Not again within the hour, however many passes run meanwhile.
    await saveKey(merchant.id, "expired-later", new Date(Date.now() - 1000));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await keys(merchant.id)).toEqual(["expired-later", "fresh"]);
  });

  it("purging from several instances at once deletes each row once and fails none", async () => {
    const { merchant } = await createMerchant();
    const past = new Date(Date.now() - 60_000);
    for (let i = 0; i < 20; i++) await saveKey(merchant.id, `old-${i}`, past);
    await saveKey(merchant.id, "fresh", new Date(Date.now() + 60_000));
    const db = await getDb();
    const expired = await db
      .select()
      .from(idempotencyKeys)
      .where(lt(idempotencyKeys.expiresAt, new Date()));
    const counts = await Promise.all([1, 2, 3].map(() => purgeExpiredIdempotencyKeys(db)));
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(expired.length);
    expect(await keys(merchant.id)).toEqual(["fresh"]);
  });
});
