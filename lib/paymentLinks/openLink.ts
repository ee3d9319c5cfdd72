import "server-only";
import { eq } from "drizzle-orm";
import { getPaymentChains } from "../chains/registry";
import { type Database, getDb } from "../db/client";
import { merchants } from "../db/schema";
import { DomainError } from "../errors";
import type { InvoiceRow } from "../invoices/present";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";
import { findResumableInvoice } from "./linkInvoice";
import { findPaymentLink, issueInvoiceFromLink, type PaymentLinkRow } from "./paymentLinks";

export type PaymentLinkView =
  | { kind: "missing" }
  | { kind: "inactive"; merchantName: string }
  | {
      kind: "active";
      id: string;
      merchantName: string;
      merchantLogoUrl: string | null;
      livemode: boolean;
      amount: string | null;
      currency: string;
      description: string | null;
      /** The invoice this link already issued to this browser, still payable (fixed amounts). */
      resumableInvoiceId: string | null;
    };

/**
 * What the shopper who opened /l/{id} should see. Reads only: opening a link (a GET, a HEAD, a
 * prefetch) never issues an invoice; the shopper's button does.
 */
export async function paymentLinkView(
  id: string,
  /** The link's cookie in this browser: the invoice it issued here before (see linkInvoice.ts). */
  rememberedInvoiceId?: string,
): Promise<PaymentLinkView> {
  const db = await getDb();
  const link = await findPaymentLink(db, id);
  if (!link) return { kind: "missing" };
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, link.merchantId));
  if (!merchant) return { kind: "missing" };
  if (!link.active) return { kind: "inactive", merchantName: merchant.name };
  return {
    kind: "active",
    id: link.id,
    merchantName: merchant.name,
    merchantLogoUrl: merchant.logoUrl,
    livemode: link.livemode,
    amount:
      link.amount === null
        ? null
        : formatCurrencyAmount(link.amount, link.currency as CurrencyCode),
    currency: link.currency,
    description: link.description,
    resumableInvoiceId: (await findResumableInvoice(db, link, rememberedInvoiceId))?.id ?? null,
  };
}

/** Issues a fresh invoice from an active link; returns its id. */
export async function openPaymentLink(id: string, typedAmount?: string): Promise<string> {
  const db = await getDb();
  return (await issueFromLink(db, await findPaymentLink(db, id), typedAmount)).id;
}

/**
 * The shopper pressed the button of a fixed-amount link: the invoice this browser was issued
 * before when it is still payable (`issued: false`), a fresh one otherwise.
 */
export async function openFixedPaymentLink(
  id: string,
  rememberedInvoiceId: string | undefined,
): Promise<{ invoice: InvoiceRow; issued: boolean }> {
  const db = await getDb();
  const link = await findPaymentLink(db, id);
  if (link?.active) {
    const remembered = await findResumableInvoice(db, link, rememberedInvoiceId);
    if (remembered) return { invoice: remembered, issued: false };
  }
  return { invoice: await issueFromLink(db, link), issued: true };
}

async function issueFromLink(
  db: Database,
  link: PaymentLinkRow | null,
  typedAmount?: string,
): Promise<InvoiceRow> {
  if (!link) throw new DomainError("resource_not_found", "No such payment link.", "id");
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, link.merchantId));
  if (!merchant) throw new DomainError("resource_not_found", "No such payment link.", "id");
  return issueInvoiceFromLink(db, { link, merchant, chains: getPaymentChains(), typedAmount });
}
