import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getPaymentChains } from "../chains/registry";
import { getConfig } from "../config/config";
import { getDb } from "../db/client";
import { invoices } from "../db/schema";
import { parseInput } from "../errors";
import { cancelInvoice } from "../invoices/cancelInvoice";
import { expireOverdueInvoices } from "../invoices/expireInvoices";
import { presentInvoice } from "../invoices/present";
import { findInvoice } from "../invoices/queries";
import { createMerchant } from "../tooling/testing/fixtures";
import { newInvoice, payByWallet, submitHash, usdcOption } from "../tooling/testing/payments";
import { findResumableInvoice, linkInvoiceCookie, linkInvoiceCookieName } from "./linkInvoice";
import { openFixedPaymentLink, paymentLinkView } from "./openLink";
import { createPaymentLink, type PaymentLinkRow, updatePaymentLink } from "./paymentLinks";
import { createPaymentLinkBody, updatePaymentLinkBody } from "./schemas";

let shop: Awaited<ReturnType<typeof createMerchant>>;
let other: Awaited<ReturnType<typeof createMerchant>>;
beforeAll(async () => {
  shop = await createMerchant({ name: "Cookie Shop" });
  other = await createMerchant({ name: "Other Shop" });
});

async function newLink(
  merchant = shop.merchant,
  body: Record<string, unknown> = {},
): Promise<PaymentLinkRow> {
  return createPaymentLink(await getDb(), {
    merchant,
    livemode: false,
    chains: getPaymentChains(),
    body: parseInput(createPaymentLinkBody, { amount: "19.00", currency: "USD", ...body }),
  });
}

async function issuedBy(linkId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(invoices)
    .where(eq(invoices.paymentLinkId, linkId));
  return row!.n;
}

describe("a fixed-amount link issues an invoice only when asked, once per browser", () => {
  it("opening the link (its view) issues nothing; the button issues one, then finds it again", async () => {
    const link = await newLink();
    for (let i = 0; i < 3; i++) {
      expect(await paymentLinkView(link.id)).toMatchObject({
        kind: "active",
        amount: "19.00",
        resumableInvoiceId: null,
      });
    }
    expect(await issuedBy(link.id)).toBe(0);

    const first = await openFixedPaymentLink(link.id, undefined);
    expect(first.issued).toBe(true);
    expect(await issuedBy(link.id)).toBe(1);

    // The same browser (its cookie) comes back: the view offers that invoice, the button reuses it.
    expect(await paymentLinkView(link.id, first.invoice.id)).toMatchObject({
      resumableInvoiceId: first.invoice.id,
    });
    const again = await openFixedPaymentLink(link.id, first.invoice.id);
    expect(again).toMatchObject({ issued: false, invoice: { id: first.invoice.id } });
    expect(await issuedBy(link.id)).toBe(1);

    // Another browser, without the cookie, gets its own.
    const second = await openFixedPaymentLink(link.id, undefined);
    expect(second.issued).toBe(true);
    expect(second.invoice.id).not.toBe(first.invoice.id);
    expect(await issuedBy(link.id)).toBe(2);
  });

  it("ignores a forged, malformed or foreign cookie, and issues a fresh invoice", async () => {
    const link = await newLink();
    const sibling = await newLink(shop.merchant);
    const foreign = await newLink(other.merchant);
    const siblingInvoice = (await openFixedPaymentLink(sibling.id, undefined)).invoice;
    const foreignInvoice = (await openFixedPaymentLink(foreign.id, undefined)).invoice;
    const apiInvoice = await newInvoice(shop.apiKey, { amount: "19.00", currency: "USD" });
    const values = [
      "",
      "inv_00000000000000000000000000",
      `${siblingInvoice.id} `,
      siblingInvoice.id.toUpperCase(),
      `${siblingInvoice.id};path=/`,
      "inv_\u0000",
      "x".repeat(10_000),
      siblingInvoice.id,
      foreignInvoice.id,
      apiInvoice.id,
      link.id,
    ];
    for (const value of values) {
      expect(await paymentLinkView(link.id, value)).toMatchObject({ resumableInvoiceId: null });
      expect(await findResumableInvoice(await getDb(), link, value)).toBeNull();
    }
    const opened = await openFixedPaymentLink(link.id, siblingInvoice.id);
    expect(opened.issued).toBe(true);
    expect(opened.invoice.paymentLinkId).toBe(link.id);
    // The invoices named by those values are untouched.
    for (const id of [siblingInvoice.id, foreignInvoice.id, apiInvoice.id]) {
      expect((await findInvoice(await getDb(), id))?.status).toBe("open");
    }
  });

  it("does not reuse a canceled, expired or overdue invoice", async () => {
    const db = await getDb();
    const link = await newLink();
    const canceled = (await openFixedPaymentLink(link.id, undefined)).invoice;
    await cancelInvoice(db, canceled.id);
    expect(await openFixedPaymentLink(link.id, canceled.id)).toMatchObject({ issued: true });

    const overdue = (await openFixedPaymentLink(link.id, undefined)).invoice;
    const afterDeadline = new Date(overdue.expiresAt.getTime() + 1);
    expect(await findResumableInvoice(db, link, overdue.id, afterDeadline)).toBeNull();
    expect(await findResumableInvoice(db, link, overdue.id)).toMatchObject({ id: overdue.id });
    await expireOverdueInvoices(db, afterDeadline);
    expect((await findInvoice(db, overdue.id))?.status).toBe("expired");
    expect(await findResumableInvoice(db, link, overdue.id)).toBeNull();
    expect(await openFixedPaymentLink(link.id, overdue.id)).toMatchObject({ issued: true });
  });

  it("does not reuse a paid invoice", async () => {
    const db = await getDb();
    const link = await newLink(shop.merchant, { amount: "1.25" });
    const { invoice } = await openFixedPaymentLink(link.id, undefined);
    const hash = await payByWallet(
      3,
      usdcOption(presentInvoice(invoice, [], getConfig().publicUrl)),
    );
    await submitHash(invoice.id, hash);
    expect((await findInvoice(db, invoice.id))?.status).toBe("paid");
    expect(await paymentLinkView(link.id, invoice.id)).toMatchObject({ resumableInvoiceId: null });
    const next = await openFixedPaymentLink(link.id, invoice.id);
    expect(next.issued).toBe(true);
    expect(next.invoice.id).not.toBe(invoice.id);
  });

  it("does not reuse an invoice for an amount the merchant has since changed, nor open an inactive link", async () => {
    const db = await getDb();
    const link = await newLink();
    const { invoice } = await openFixedPaymentLink(link.id, undefined);
    const update = (body: Record<string, unknown>) =>
      updatePaymentLink(db, {
        merchant: shop.merchant,
        livemode: false,
        id: link.id,
        chains: getPaymentChains(),
        body: parseInput(updatePaymentLinkBody, body),
      });
    const changed = await update({ amount: "21.00" });
    expect(await findResumableInvoice(db, changed, invoice.id)).toBeNull();
    const fresh = await openFixedPaymentLink(link.id, invoice.id);
    expect(fresh).toMatchObject({ issued: true, invoice: { amount: changed.amount } });

    await update({ active: false });
    await expect(openFixedPaymentLink(link.id, fresh.invoice.id)).rejects.toMatchObject({
      code: "payment_link_inactive",
    });
    expect(await paymentLinkView(link.id, fresh.invoice.id)).toEqual({
      kind: "inactive",
      merchantName: "Cookie Shop",
    });
  });

  it("the cookie is httpOnly, SameSite=Lax, one per link, host-only over https, and lives as long as the invoice", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const invoice = { id: "inv_x", expiresAt: new Date("2030-01-01T01:00:00Z") };
    expect(linkInvoiceCookie("plink_a", invoice, now, "http://localhost:3000")).toEqual({
      name: "link_plink_a",
      value: "inv_x",
      httpOnly: true,
      sameSite: "lax",
      secure: false,
      path: "/l/plink_a",
      maxAge: 3600,
    });
    // __Host-: Secure, no Domain, path "/", so no sibling subdomain or http page can plant one.
    expect(linkInvoiceCookie("plink_a", invoice, now, "https://pay.example")).toMatchObject({
      name: "__Host-link_plink_a",
      secure: true,
      path: "/",
    });
    expect(linkInvoiceCookieName("plink_b", "https://pay.example")).toBe("__Host-link_plink_b");
  });
});
