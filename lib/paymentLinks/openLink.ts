import "server-only";
import { eq } from "drizzle-orm";
import { getPaymentChains } from "../chains/registry";
import { getDb } from "../db/client";
import { merchants } from "../db/schema";
import { DomainError } from "../errors";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";
import { findPaymentLink, issueInvoiceFromLink } from "./paymentLinks";

export type PaymentLinkView =
  | { kind: "missing" }
  | { kind: "inactive"; merchantName: string }
  | {
      kind: "active";
      id: string;
      merchantName: string;
      livemode: boolean;
      amount: string | null;
      currency: string;
      description: string | null;
    };

/** What the shopper who opened /l/{id} should see. */
export async function paymentLinkView(id: string): Promise<PaymentLinkView> {
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
    livemode: link.livemode,
    amount:
      link.amount === null
        ? null
        : formatCurrencyAmount(link.amount, link.currency as CurrencyCode),
    currency: link.currency,
    description: link.description,
  };
}

/** Issues a fresh invoice from an active link; returns its id. */
export async function openPaymentLink(id: string, typedAmount?: string): Promise<string> {
  const db = await getDb();
  const link = await findPaymentLink(db, id);
  if (!link) throw new DomainError("resource_not_found", "No such payment link.", "id");
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, link.merchantId));
  if (!merchant) throw new DomainError("resource_not_found", "No such payment link.", "id");
  const invoice = await issueInvoiceFromLink(db, {
    link,
    merchant,
    chains: getPaymentChains(),
    typedAmount,
  });
  return invoice.id;
}
