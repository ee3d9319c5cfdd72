import type { Hex } from "viem";
import type { z } from "zod";
import type { invoices, paymentSubmissions, payments } from "../db/schema";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";
import { sponsoredGasUrl } from "../paymaster/offers";
import { presentRefund, type RefundRow, refundStatus } from "../refunds/present";
import { gaslessOffer } from "../relayer/offers";
import { asHex } from "../schemaFields";
import { x402InvoiceUrl } from "../x402/urls";
import { type PaymentOption, presentPaymentOption } from "./paymentOptions";
import type { invoiceSchema, paymentSchema } from "./schemas";

export type InvoiceRow = typeof invoices.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type SubmissionRow = typeof paymentSubmissions.$inferSelect;

/** Derived from its schema, the one source of the API's shape. */
export type ApiPayment = z.output<typeof paymentSchema>;

/** Derived from its schema, the one source of the API's shape. */
export type ApiInvoice = z.output<typeof invoiceSchema>;

export function checkoutUrl(publicUrl: string, invoiceId: string): string {
  return `${publicUrl}/pay/${invoiceId}`;
}

export function amountDue(invoice: Pick<InvoiceRow, "amount" | "amountPaid" | "status">): bigint {
  // A paid invoice asks for nothing more, even when the merchant's tolerance let it be a little short.
  if (invoice.status === "paid") return 0n;
  return invoice.amountPaid >= invoice.amount ? 0n : invoice.amount - invoice.amountPaid;
}

/** Payment options are offered only while the invoice can still be paid in full. */
export function currentPaymentOptions(invoice: InvoiceRow): PaymentOption[] {
  if (invoice.status !== "open" && invoice.status !== "processing") return [];
  const due = amountDue(invoice);
  if (due === 0n) return [];
  const currency = invoice.currency as CurrencyCode;
  return invoice.paymentOptions.map((option) => {
    const offer = gaslessOffer(option, currency);
    return presentPaymentOption(
      option,
      invoice.reference as Hex,
      due,
      "domain" in offer ? { domain: offer.domain, expiresAt: invoice.expiresAt } : null,
      sponsoredGasUrl(invoice.id, option.chainId),
    );
  });
}

/**
 * Payments an invoice's JSON lists: however many transfers touch an invoice, its every read,
 * event and stream push stays small. The count says how many there are in all.
 */
export const MAX_LISTED_PAYMENTS = 20;

/** The payments to list: all of them up to the cap, else the largest, oldest first. */
export function listedPayments<T extends Pick<PaymentRow, "currencyAmount">>(
  rows: readonly T[],
): T[] {
  if (rows.length <= MAX_LISTED_PAYMENTS) return [...rows];
  const kept = new Set(
    [...rows]
      .sort((a, b) =>
        a.currencyAmount === b.currencyAmount ? 0 : a.currencyAmount > b.currencyAmount ? -1 : 1,
      )
      .slice(0, MAX_LISTED_PAYMENTS),
  );
  return rows.filter((row) => kept.has(row));
}

export function presentPayment(payment: PaymentRow): ApiPayment {
  return {
    chain_id: payment.chainId,
    tx_hash: asHex(payment.txHash),
    log_index: payment.logIndex,
    from: asHex(payment.fromAddress),
    token: asHex(payment.tokenAddress),
    token_symbol: payment.tokenSymbol,
    token_decimals: payment.tokenDecimals,
    amount: payment.amount.toString(),
    confirmations: payment.confirmations,
    status: payment.status,
    block_number: payment.blockNumber.toString(),
    created_at: payment.createdAt.toISOString(),
  };
}

/** The invoice as the merchant API shows it (snake_case, amounts as decimal strings). */
export function presentInvoice(
  invoice: InvoiceRow,
  invoicePayments: readonly PaymentRow[],
  publicUrl: string,
  invoiceRefunds: readonly RefundRow[] = [],
): ApiInvoice {
  const currency = invoice.currency as CurrencyCode;
  return {
    id: invoice.id,
    object: "invoice",
    livemode: invoice.livemode,
    status: invoice.status,
    exception: invoice.exception,
    amount: formatCurrencyAmount(invoice.amount, currency),
    currency,
    amount_paid: formatCurrencyAmount(invoice.amountPaid, currency),
    amount_due: formatCurrencyAmount(amountDue(invoice), currency),
    order_id: invoice.orderId,
    description: invoice.description,
    metadata: invoice.metadata,
    items: invoice.items,
    payment_link: invoice.paymentLinkId,
    checkout_url: checkoutUrl(publicUrl, invoice.id),
    x402_url: x402InvoiceUrl(publicUrl, invoice.id),
    redirect_url: invoice.redirectUrl,
    expires_at: invoice.expiresAt.toISOString(),
    created_at: invoice.createdAt.toISOString(),
    paid_at: invoice.paidAt?.toISOString() ?? null,
    canceled_at: invoice.canceledAt?.toISOString() ?? null,
    payments: listedPayments(invoicePayments).map(presentPayment),
    payment_count: invoicePayments.length,
    payment_options: currentPaymentOptions(invoice),
    amount_refunded: formatCurrencyAmount(invoice.amountRefunded, currency),
    refund_status: refundStatus(invoice),
    refunds: invoiceRefunds.map((refund) => presentRefund(refund, currency)),
  };
}
