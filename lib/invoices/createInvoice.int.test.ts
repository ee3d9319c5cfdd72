import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getPaymentChains } from "../chains/registry";
import { type Database, getDb } from "../db/client";
import { rowsOf } from "../db/rows";
import { events, invoices, manualAmounts } from "../db/schema";
import { createMerchant } from "../testing/fixtures";
import { createInvoiceAlone } from "./invoices";
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
    ).rejects.toMatchObject({ status: 400, param: "redirect_url" });
    const mine = await db.select().from(invoices).where(eq(invoices.merchantId, merchant.id));
    expect(mine).toHaveLength(0);
  });
});
