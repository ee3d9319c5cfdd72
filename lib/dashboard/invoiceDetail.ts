import "server-only";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import { type InvoiceTimelineEvent, listInvoiceEvents } from "../events/invoiceEvents";
import { findMerchantInvoiceWithPayments } from "../invoices/invoiceWithPayments";
import { type ApiInvoice, type ApiPayment, presentInvoice } from "../invoices/present";
import type { Merchant } from "../merchants/merchants";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";
import {
  type ApiUnmatchedPayment,
  invoiceUnmatchedPayments,
} from "../payments/ledger/unmatchedPayments";
import { refundableAmount } from "../refunds/present";
import { merchantWallets } from "../refunds/refunds";
import { type DashboardChain, dashboardChains } from "./chains";

/** A payment as the invoice page shows it: with its id, which a refund names. */
export type DashboardPayment = ApiPayment & { id: string };

export type DashboardInvoice = {
  invoice: ApiInvoice;
  payments: DashboardPayment[];
  events: InvoiceTimelineEvent[];
  /** Transfers whose reference named this invoice but that credited nothing, newest first. */
  unmatched: ApiUnmatchedPayment[];
  /** What may still be refunded (invoice currency), refunds still confirming deducted. */
  refundable: string;
  cancelable: boolean;
  chains: DashboardChain[];
  /** The wallets a refund is accepted from (settlement addresses, member wallets). */
  refundWallets: string[];
};

/**
 * Everything the dashboard's invoice page shows, read through the same lib code as the API.
 * A read writes nothing (refunds still confirming are the refund-confirmation job's). A 404 for
 * another merchant's invoice.
 */
export async function loadDashboardInvoice(
  executor: Executor,
  merchant: Merchant,
  livemode: boolean,
  id: string,
): Promise<DashboardInvoice> {
  const merchantId = merchant.id;
  const found = await findMerchantInvoiceWithPayments(executor, merchantId, livemode, id);
  const { invoice, payments, refunds } = found;
  const events = await listInvoiceEvents(executor, merchantId, invoice.id);
  const presented = presentInvoice(invoice, payments, getConfig().publicUrl, refunds);
  return {
    invoice: presented,
    payments: payments.map((payment, index) => ({ ...presented.payments[index]!, id: payment.id })),
    events,
    unmatched: await invoiceUnmatchedPayments(executor, { merchantId, invoiceId: invoice.id }),
    refundable: formatCurrencyAmount(
      refundableAmount(invoice.amountPaid, refunds),
      invoice.currency as CurrencyCode,
    ),
    cancelable: invoice.status === "open" && payments.length === 0,
    chains: dashboardChains(),
    refundWallets: await merchantWallets(executor, merchant, invoice),
  };
}
