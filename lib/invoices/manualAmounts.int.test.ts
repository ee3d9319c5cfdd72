import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db/client";
import { events, invoices, manualAmounts } from "../db/schema";
import { parseCurrencyAmount } from "../money/currencies";
import { parseDecimal } from "../money/decimal";
import { createMerchant } from "../tooling/testing/fixtures";
import {
  checkout,
  eventTypes,
  localWatcher,
  newInvoice,
  payByWallet,
  paymentRows,
  plainTransfer,
  usdcOption,
} from "../tooling/testing/payments";
import { holdManualAmount, probeManualAmounts, SEARCH_MEMO_MS } from "./manualAmounts";
import { findInvoice } from "./queries";

let apiKey: string;
beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Counter Shop" }));
});

async function heldAmounts(invoiceId: string) {
  const db = await getDb();
  return db.select().from(manualAmounts).where(eq(manualAmounts.invoiceId, invoiceId));
}

/**
 * Holds every offset of `base` (USDC, 6 decimals: 9,999 of them) but `free`, under the invoice
 * that holds `held`.
 */
async function holdAllOffsetsBut(
  held: typeof manualAmounts.$inferSelect,
  base: bigint,
  free: number[],
): Promise<void> {
  const db = await getDb();
  // The invoice's own offset was drawn at random: when it is one of `free`, it moves to an
  // offset that is to be held anyway, so that every one of `free` is really free.
  let own = held.amount;
  if (free.includes(Number(own - base))) {
    let slot = 1;
    while (free.includes(slot)) slot++;
    own = base + BigInt(slot);
    await db.update(manualAmounts).set({ amount: own }).where(eq(manualAmounts.id, held.id));
  }
  const rows = [];
  for (let slot = 1; slot <= 9999; slot++) {
    const amount = base + BigInt(slot);
    if (free.includes(slot) || amount === own) continue;
    const { id: _, ...row } = held;
    rows.push({ ...row, amount });
  }
  for (let at = 0; at < rows.length; at += 2000) {
    await db.insert(manualAmounts).values(rows.slice(at, at + 2000));
  }
}

/**
 * A new merchant whose first invoice, of `amount` (USD, paid in USDC), holds one offset and
 * whose other rows hold every other offset but `free`: the price crowded. Returns the merchant,
 * that invoice and its stored USDC option.
 */
async function crowdedPrice(amount: string, free: number[]) {
  const merchant = await createMerchant();
  const first = await newInvoice(merchant.apiKey, { amount });
  const { paymentOptions } = (await findInvoice(await getDb(), first.id))!;
  const option = paymentOptions.find((entry) => entry.token.symbol === "USDC")!;
  const [held] = (await heldAmounts(first.id)).filter(
    (row) => row.tokenAddress === option.token.address.toLowerCase(),
  );
  await holdAllOffsetsBut(held!, parseDecimal(amount, option.token.decimals), free);
  return { merchant, first, option };
}

/** db, with a count of the statements run through it (execute or insert) since last taken. */
function countingStatements(db: Awaited<ReturnType<typeof getDb>>) {
  let statements = 0;
  const executor = new Proxy(db, {
    get(target, property, receiver) {
      if (property === "execute" || property === "insert") statements++;
      return Reflect.get(target, property, receiver);
    },
  });
  return {
    executor,
    take() {
      const taken = statements;
      statements = 0;
      return taken;
    },
  };
}

describe("manual amounts", () => {
  it("each option offers the amount due plus an offset below one cent, and an EIP-681 URI", async () => {
    const invoice = await newInvoice(apiKey, { amount: "12.50" });
    for (const option of invoice.payment_options) {
      expect(option.manual).not.toBeNull();
      const amount = BigInt(option.manual!.amount);
      expect(amount).toBeGreaterThan(12_500_000n);
      expect(amount).toBeLessThan(12_510_000n);
      expect(option.manual!.uri).toBe(
        `ethereum:${option.token.address}@31337/transfer?address=${option.recipient}&uint256=${amount}`,
      );
    }
    // The checkout page shows the same amounts.
    const page = await checkout(invoice.id);
    expect(page.payment_options.map((option) => option.manual)).toEqual(
      invoice.payment_options.map((option) => option.manual),
    );
  });

  it("are unique among the merchant's open invoices for a chain and token, even created at once", async () => {
    const created = await Promise.all(
      Array.from({ length: 30 }, () => newInvoice(apiKey, { amount: "5.00" })),
    );
    const amounts = created.map((invoice) => usdcOption(invoice).manual!.amount);
    expect(new Set(amounts).size).toBe(30);
    // Another merchant may be given the same amounts: its address tells them apart.
    const other = await createMerchant();
    const theirs = await newInvoice(other.apiKey, { amount: "5.00" });
    expect(usdcOption(theirs).manual).not.toBeNull();
  });

  it("invoices probed together are never offered the same amount", async () => {
    const invoice = await newInvoice(apiKey, { amount: "8.00" });
    const db = await getDb();
    const { paymentOptions } = (await findInvoice(db, invoice.id))!;
    // 500 invoices of one price: their random first picks would coincide about a dozen times.
    const choices = await probeManualAmounts(
      db,
      Array.from({ length: 500 }, () => ({
        options: paymentOptions,
        dueCurrencyUnits: parseCurrencyAmount("8.00", "USD"),
      })),
    );
    for (let option = 0; option < paymentOptions.length; option++) {
      const amounts = choices.map((choice) => choice[option]!.amount);
      expect(new Set(amounts).size).toBe(500);
    }
  });

  it("a wider look finds an offset the first missed, and gives it to one invoice only", async () => {
    const { option } = await crowdedPrice("9.97", [17]);
    const db = await getDb();
    const asked = () => ({
      options: [option],
      dueCurrencyUnits: parseCurrencyAmount("9.97", "USD"),
    });
    // Looking at every offset: the one free offset goes to the first invoice, none to the second.
    const chosen = new Set<string>();
    const [one, two] = await probeManualAmounts(db, [asked(), asked()], {
      probes: 9999,
      chosen,
    });
    expect(one).toEqual([{ amount: String(9_970_000n + 17n), due: "9970000" }]);
    expect(two).toEqual([undefined]);
    // A later read for the same invoices does not give it out again.
    const [again] = await probeManualAmounts(db, [asked()], { probes: 9999, chosen });
    expect(again).toEqual([undefined]);
  });

  it("holding an amount among crowded offsets skips the random tries when asked", async () => {
    const { merchant, option } = await crowdedPrice("9.96", [31, 32]);
    const db = await getDb();
    const second = await newInvoice(merchant.apiKey, { amount: "1.00" });
    const third = await newInvoice(merchant.apiKey, { amount: "1.00" });
    const counted = countingStatements(db);
    const hold = (invoiceId: string, crowded: boolean) =>
      holdManualAmount(counted.executor, {
        invoiceId,
        option,
        base: 9_960_000n,
        now: new Date(),
        crowded,
      });
    // Six random tries among 9,997 held offsets, then the search; or the search at once.
    const slow = await hold(second.id, false);
    expect(counted.take()).toBeGreaterThanOrEqual(2);
    const fast = await hold(third.id, true);
    expect(counted.take()).toBe(1);
    expect([slow, fast].map(String).sort()).toEqual(
      [String(9_960_000n + 31n), String(9_960_000n + 32n)].sort(),
    );
  });

  it("a price found sold out is not searched again for a while; then an offset freed meanwhile is found", async () => {
    const { merchant, first, option } = await crowdedPrice("9.95", []);
    const db = await getDb();
    const next = await newInvoice(merchant.apiKey, { amount: "1.00" });
    const counted = countingStatements(db);
    const at = Date.now();
    const hold = (offset: number) =>
      holdManualAmount(counted.executor, {
        invoiceId: next.id,
        option,
        base: 9_950_000n,
        now: new Date(at + offset),
        crowded: true,
      });
    expect(await hold(0)).toBeNull();
    expect(counted.take()).toBe(1);
    // One held amount is released (its invoice paid, say): not seen until the memo lapses.
    const [one] = await db
      .select()
      .from(manualAmounts)
      .where(
        and(
          eq(manualAmounts.invoiceId, first.id),
          eq(manualAmounts.tokenAddress, option.token.address.toLowerCase()),
        ),
      )
      .limit(1);
    const [released] = await db
      .update(manualAmounts)
      .set({ releasedAt: new Date(at) })
      .where(eq(manualAmounts.id, one!.id))
      .returning();
    expect(await hold(SEARCH_MEMO_MS - 1)).toBeNull();
    expect(counted.take()).toBe(0);
    expect(await hold(SEARCH_MEMO_MS)).toBe(released!.amount);
    expect(counted.take()).toBe(1);
  });

  it("invoices of a crowded price take the free offsets a search saw, one insert each, and none twice", async () => {
    const free = [11, 12, 13, 14, 15];
    const { merchant, option } = await crowdedPrice("9.94", free);
    const db = await getDb();
    const next = await newInvoice(merchant.apiKey, { amount: "1.00" });
    const counted = countingStatements(db);
    const hold = () =>
      holdManualAmount(counted.executor, {
        invoiceId: next.id,
        option,
        base: 9_940_000n,
        now: new Date(),
        crowded: true,
      });
    // The search holds one and keeps the other four; held at once, each takes another.
    const first = await hold();
    expect(counted.take()).toBe(1);
    const rest = await Promise.all([hold(), hold(), hold(), hold()]);
    expect(counted.take()).toBe(4);
    expect([first, ...rest].map((amount) => Number(amount! - 9_940_000n)).sort()).toEqual(free);
    // It saw every free offset and they are taken: none, without a statement.
    expect(await hold()).toBeNull();
    expect(counted.take()).toBe(0);
  });

  it("a search that saw only some of the free offsets searches again once it has given them out", async () => {
    const free = Array.from({ length: 100 }, (_, index) => 101 + index);
    const { merchant, option } = await crowdedPrice("9.93", free);
    const db = await getDb();
    const next = await newInvoice(merchant.apiKey, { amount: "1.00" });
    const counted = countingStatements(db);
    const held: bigint[] = [];
    for (let invoice = 0; invoice < 100; invoice++) {
      const amount = await holdManualAmount(counted.executor, {
        invoiceId: next.id,
        option,
        base: 9_930_000n,
        now: new Date(),
        crowded: true,
      });
      held.push(amount!);
    }
    // Two searches (the first saw 65 of the 100) and an insert for each other offset.
    expect(counted.take()).toBe(100);
    expect(new Set(held).size).toBe(100);
    expect(held.every((amount) => free.includes(Number(amount - 9_930_000n)))).toBe(true);
  });

  it("the database refuses a second invoice holding the same amount", async () => {
    const invoice = await newInvoice(apiKey, { amount: "2.00" });
    const [held] = await heldAmounts(invoice.id);
    const db = await getDb();
    const { id: _, ...copy } = held!;
    const another = await newInvoice(apiKey, { amount: "2.00" });
    await expect(
      db.insert(manualAmounts).values({ ...copy, invoiceId: another.id }),
    ).rejects.toThrow();
  });

  it("when nearly every offset is held, the free one is found; when none is, the option has none", async () => {
    const { merchant, first: probe, option } = await crowdedPrice("9.99", [4242]);
    const db = await getDb();
    // The probe holds one offset, the rows all but 4242: one left.
    const next = await newInvoice(merchant.apiKey, { amount: "9.99" });
    expect(usdcOption(next).manual!.amount).toBe(String(9_990_000n + 4242n));
    const none = await newInvoice(merchant.apiKey, { amount: "9.99" });
    expect(usdcOption(none).manual).toBeNull();
    // The wallet path still works for it.
    expect(usdcOption(none).transaction.data).toMatch(/^0xa9059cbb/);
    for (const invoice of [next, none]) {
      // The random first offset collided and held nothing; the invoice.created event shows the
      // amounts the invoice really has, not the one first tried.
      const usdcHeld = (await heldAmounts(invoice.id)).filter(
        (row) => row.tokenAddress === option.token.address.toLowerCase(),
      );
      expect(usdcHeld.map((row) => String(row.amount))).toEqual(
        invoice === next ? [String(9_990_000n + 4242n)] : [],
      );
      const [created] = await db.select().from(events).where(eq(events.invoiceId, invoice.id));
      expect((created!.data as { payment_options: unknown }).payment_options).toEqual(
        invoice.payment_options,
      );
    }
    // A first try that collided wrote nothing: the merchant has the three invoices it asked for,
    // each with one invoice.created event.
    const mine = await db
      .select()
      .from(invoices)
      .where(eq(invoices.merchantId, merchant.merchant.id));
    expect(mine.map((row) => row.id).sort()).toEqual([probe.id, next.id, none.id].sort());
    const created = await db
      .select()
      .from(events)
      .where(and(eq(events.merchantId, merchant.merchant.id), eq(events.type, "invoice.created")));
    expect(created).toHaveLength(3);
  });
});

describe("paying the manual amount", () => {
  it("a plain transfer of exactly that amount pays the invoice; any other amount does not", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "7.25" });
    const option = usdcOption(invoice);
    const exact = BigInt(option.manual!.amount);

    await plainTransfer(1, option.token.address, option.recipient, exact - 1n);
    await plainTransfer(1, option.token.address, option.recipient, exact + 1n);
    await plainTransfer(1, option.token.address, option.recipient, 7_250_000n);
    await watcher.runOnce();
    expect((await checkout(invoice.id)).status).toBe("open");
    expect(await paymentRows(invoice.id)).toEqual([]);

    const hash = await plainTransfer(2, option.token.address, option.recipient, exact);
    await watcher.runOnce();
    const after = await checkout(invoice.id);
    // The offset is below one cent on purpose: not an overpayment.
    expect(after).toMatchObject({ status: "paid", exception: null });
    expect(after.payments).toEqual([
      expect.objectContaining({ tx_hash: hash, amount: String(exact) }),
    ]);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.paid"]);
    // Paid: its amounts are free for other invoices again.
    expect((await heldAmounts(invoice.id)).every((row) => row.releasedAt !== null)).toBe(true);
  });

  it("after a partial payment it asks for the rest, with a new unique amount; the old one still counts", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "10.00" });
    const option = usdcOption(invoice);
    const first = BigInt(option.manual!.amount);

    // The shopper edits the wallet's amount: 4.00 with the invoice's reference.
    await payByWallet(3, option, 4_000_000n);
    await watcher.runOnce();
    const partly = await checkout(invoice.id);
    expect(partly).toMatchObject({ status: "open", exception: "underpaid", amount_due: "6.00" });
    const rest = BigInt(usdcOption(partly).manual!.amount);
    expect(rest).toBeGreaterThan(6_000_000n);
    expect(rest).toBeLessThan(6_010_000n);
    const db = await getDb();
    const stillHeld = await db
      .select()
      .from(manualAmounts)
      .where(and(eq(manualAmounts.invoiceId, invoice.id), isNull(manualAmounts.releasedAt)));
    expect(stillHeld.map((row) => row.amount)).toEqual(expect.arrayContaining([first, rest]));

    await plainTransfer(3, option.token.address, option.recipient, rest);
    await watcher.runOnce();
    const paid = await checkout(invoice.id);
    expect(paid).toMatchObject({ status: "paid", exception: null });
    expect(paid.payments).toHaveLength(2);
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "invoice.underpaid",
      "invoice.paid",
    ]);
  });
});
