import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getPaymentChains } from "../chains/registry";
import { type Database, getDb, groupWriteLanes } from "../db/client";
import { rowsOf } from "../db/rows";
import { events, invoices, manualAmounts, paymentTargets } from "../db/schema";
import { createMerchant } from "../tooling/testing/fixtures";
import { createInvoiceAlone } from "./createInvoiceAlone";
import { createInvoiceBody } from "./schemas";

describe("createInvoiceAlone", () => {
  it("writes the invoice, its watch targets, manual amounts and invoice.created event together", async () => {
    const { merchant } = await createMerchant();
    const db = await getDb();
    const body = createInvoiceBody.parse({ amount: "7.25", currency: "USD", order_id: "A-1" });
    const { invoice } = await createInvoiceAlone(db, {
      merchant,
      livemode: false,
      body,
      chains: getPaymentChains(),
    });
    const [stored] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(stored).toEqual(invoice);
    const held = await db
      .select()
      .from(manualAmounts)
      .where(eq(manualAmounts.invoiceId, invoice.id));
    expect(held.map((row) => String(row.amount)).sort()).toEqual(
      invoice.paymentOptions.map((option) => option.manual!.amount).sort(),
    );
    const [created] = await db.select().from(events).where(eq(events.invoiceId, invoice.id));
    expect(created!.type).toBe("invoice.created");
    expect((created!.data as { order_id: string }).order_id).toBe("A-1");
  });

  it("when another invoice takes the amount it chose before it writes, it writes nothing and takes another", async () => {
    const { merchant } = await createMerchant();
    const db = await getDb();
    const chains = getPaymentChains();
    const body = createInvoiceBody.parse({ amount: "3.10", currency: "USD" });
    // An earlier invoice of the merchant, whose id the racing amount is held under.
    const { invoice: earlier } = await createInvoiceAlone(db, {
      merchant,
      livemode: false,
      body,
      chains,
    });
    const option = earlier.paymentOptions[0]!;
    let stolen: string | null = null;
    // Between the read that picks the amounts and the write, a racing invoice holds the first
    // option's pick.
    const racing = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== "execute") return Reflect.get(target, property, receiver);
        return async (query: Parameters<Database["execute"]>[0]) => {
          const result = await target.execute(query);
          if (stolen === null) {
            const [first] = rowsOf<{ option: number; amount: string }>(result);
            stolen = first!.amount;
            await target.insert(manualAmounts).values({
              invoiceId: earlier.id,
              chainId: option.chainId,
              tokenAddress: option.token.address.toLowerCase(),
              recipient: option.recipient.toLowerCase(),
              amount: BigInt(stolen),
              due: BigInt(option.manual!.due),
            });
          }
          return result;
        };
      },
    });
    const { invoice } = await createInvoiceAlone(racing, {
      merchant,
      livemode: false,
      body,
      chains,
    });
    expect(stolen).not.toBeNull();
    expect(invoice.paymentOptions[0]!.manual!.amount).not.toBe(stolen);
    const mine = await db.select().from(invoices).where(eq(invoices.merchantId, merchant.id));
    expect(mine.map((row) => row.id).sort()).toEqual([earlier.id, invoice.id].sort());
    const [stored] = mine.filter((row) => row.id === invoice.id);
    expect(stored).toEqual(invoice);
    const created = await db.select().from(events).where(eq(events.invoiceId, invoice.id));
    expect(created).toHaveLength(1);
    expect(
      (
        created[0]!.data as { payment_options: { manual: { amount: string } }[] }
      ).payment_options.map((entry) => entry.manual.amount),
    ).toEqual(invoice.paymentOptions.map((entry) => entry.manual!.amount));
  });

  it("invoices asked for at the same moment are written together, each whole and with its own amounts", async () => {
    const { merchant } = await createMerchant();
    const db = await getDb();
    let statements = 0;
    const counted = new Proxy(db, {
      get(target, property, receiver) {
        if (property === "execute" || property === "transaction") statements++;
        return Reflect.get(target, property, receiver);
      },
    });
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        createInvoiceAlone(counted, {
          merchant,
          livemode: false,
          body: createInvoiceBody.parse({
            amount: "4.20",
            currency: "USD",
            order_id: `G-${index}`,
          }),
          chains: getPaymentChains(),
        }),
      ),
    );
    // The first (one per lane) finds the store idle and is written at once; the other invoices
    // queue behind it and are written as one group: one read and one statement each time.
    const lanes = groupWriteLanes(db);
    expect(statements).toBe(2 * (lanes + 1));

    const ids = created.map(({ invoice }) => invoice.id);
    const stored = await db.select().from(invoices).where(inArray(invoices.id, ids));
    expect(stored).toHaveLength(30);
    for (const { invoice } of created) {
      expect(stored.find((row) => row.id === invoice.id)).toEqual(invoice);
    }
    const createdEvents = await db.select().from(events).where(inArray(events.invoiceId, ids));
    expect(createdEvents).toHaveLength(30);
    for (const event of createdEvents) {
      const invoice = created.find((entry) => entry.invoice.id === event.invoiceId)!.invoice;
      expect(event.type).toBe("invoice.created");
      expect((event.data as { order_id: string }).order_id).toBe(invoice.orderId);
    }
    const options = created[0]!.invoice.paymentOptions.length;
    const targets = await db
      .select()
      .from(paymentTargets)
      .where(inArray(paymentTargets.invoiceId, ids));
    expect(targets).toHaveLength(30 * options);
    const held = await db.select().from(manualAmounts).where(inArray(manualAmounts.invoiceId, ids));
    expect(held).toHaveLength(30 * options);
    // One price, one merchant: no two invoices share an amount on a chain and token.
    const offered = created.flatMap(({ invoice }) =>
      invoice.paymentOptions.map(
        (option) => `${option.chainId}:${option.token.address}:${option.manual!.amount}`,
      ),
    );
    expect(new Set(offered).size).toBe(30 * options);
  });

  it("an invoice that cannot be written fails alone; the rest of its group is written", async () => {
    const { merchant } = await createMerchant();
    const db = await getDb();
    const body = createInvoiceBody.parse({ amount: "6.60", currency: "USD" });
    // A merchant that does not exist: its invoice breaks the group's statement (foreign key).
    const missing = { ...merchant, id: "mer_doesnotexist000000000000" };
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        createInvoiceAlone(db, {
          merchant: index === 4 ? missing : merchant,
          livemode: false,
          body,
          chains: getPaymentChains(),
        }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    const mine = await db.select().from(invoices).where(eq(invoices.merchantId, merchant.id));
    expect(mine).toHaveLength(7);
    const theirs = await db.select().from(invoices).where(eq(invoices.merchantId, missing.id));
    expect(theirs).toHaveLength(0);
    const created = await db.select().from(events).where(eq(events.merchantId, merchant.id));
    expect(created).toHaveLength(7);
  });

  it("refuses a live-mode http redirect_url before writing anything", async () => {
    const { merchant } = await createMerchant({ mode: "live" });
    const db = await getDb();
    const body = createInvoiceBody.parse({
      amount: "1.00",
      currency: "USD",
      redirect_url: "http://shop.example/done",
    });
    await expect(
      createInvoiceAlone(db, { merchant, livemode: true, body, chains: getPaymentChains() }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^parameter_/), param: "redirect_url" });
    const mine = await db.select().from(invoices).where(eq(invoices.merchantId, merchant.id));
    expect(mine).toHaveLength(0);
  });
});
