import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, lt } from "drizzle-orm";
import type { Hex } from "viem";
import { ApiError, notFound } from "../api/errors";
import type { PaymentChain } from "../chains/registry";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import { invoices, type merchants, paymentSubmissions, payments } from "../db/schema";
import { recordInvoiceEvents } from "../events/recordEvents";
import { newId } from "../ids";
import { watchInvoice } from "../payments/watchList";
import { invoiceRefunds } from "../refunds/queries";
import { buildPaymentOptions } from "./buildPaymentOptions";
import { type InvoiceRow, type PaymentRow, presentInvoice } from "./present";
import { type CreateInvoiceBody, DEFAULT_EXPIRES_IN } from "./schemas";
import { computeInvoiceState, eventTypesForChange } from "./state";

type Merchant = typeof merchants.$inferSelect;

export function newReference(): Hex {
  return `0x${randomBytes(16).toString("hex")}`;
}

export async function createInvoice(
  executor: Executor,
  parameters: {
    merchant: Merchant;
    livemode: boolean;
    body: CreateInvoiceBody;
    chains: readonly PaymentChain[];
    paymentLinkId?: string;
    now?: Date;
  },
): Promise<{ invoice: InvoiceRow; payments: PaymentRow[] }> {
  const { merchant, livemode, body } = parameters;
  const now = parameters.now ?? new Date();
  if (livemode && body.redirect_url && !body.redirect_url.startsWith("https://")) {
    throw new ApiError(
      400,
      "parameter_invalid",
      "Invalid redirect_url: live mode needs https.",
      "redirect_url",
    );
  }
  const options = buildPaymentOptions({
    merchant,
    chains: parameters.chains,
    livemode,
    currency: body.currency,
    accept: body.accept,
  });
  const id = newId("inv", now.getTime());
  const [inserted] = await executor
    .insert(invoices)
    .values({
      id,
      merchantId: merchant.id,
      livemode,
      status: "open",
      exception: null,
      currency: body.currency,
      amount: body.amountUnits,
      amountPaid: 0n,
      orderId: body.order_id ?? null,
      description: body.description ?? null,
      metadata: body.metadata ?? {},
      redirectUrl: body.redirect_url ?? null,
      items: body.items ?? null,
      paymentLinkId: parameters.paymentLinkId ?? null,
      reference: newReference(),
      paymentOptions: options,
      expiresAt: new Date(
        now.getTime() + (body.expires_in ?? merchant.defaultExpiresIn ?? DEFAULT_EXPIRES_IN) * 1000,
      ),
      underpaymentToleranceBps: merchant.underpaymentToleranceBps,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const invoice = await watchInvoice(executor, inserted!, now);
  await recordInvoiceEvents(executor, {
    merchantId: merchant.id,
    invoice: presentInvoice(invoice!, [], getConfig().publicUrl),
    types: ["invoice.created"],
    now,
  });
  return { invoice: invoice!, payments: [] };
}

export async function findInvoice(executor: Executor, id: string): Promise<InvoiceRow | null> {
  const [invoice] = await executor.select().from(invoices).where(eq(invoices.id, id)).limit(1);
  return invoice ?? null;
}

/** The invoice when it belongs to this merchant and mode; a 404 otherwise, as if it did not exist. */
export async function findMerchantInvoice(
  executor: Executor,
  merchantId: string,
  livemode: boolean,
  id: string,
): Promise<InvoiceRow> {
  const [invoice] = await executor
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.id, id),
        eq(invoices.merchantId, merchantId),
        eq(invoices.livemode, livemode),
      ),
    )
    .limit(1);
  if (!invoice) throw notFound("invoice");
  return invoice;
}

export async function invoicePayments(
  executor: Executor,
  invoiceId: string,
): Promise<PaymentRow[]> {
  return executor
    .select()
    .from(payments)
    .where(eq(payments.invoiceId, invoiceId))
    .orderBy(asc(payments.blockTimestamp), asc(payments.createdAt));
}

/** Locks the invoice row for the rest of the transaction. */
export async function lockInvoice(executor: Executor, id: string): Promise<InvoiceRow | null> {
  const [invoice] = await executor.select().from(invoices).where(eq(invoices.id, id)).for("update");
  return invoice ?? null;
}

/**
 * Recomputes status, exception and amounts from the invoice's payments and the clock, saves any
 * change and appends its events. Call inside a transaction, after lockInvoice.
 */
export async function refreshInvoice(
  executor: Executor,
  invoice: InvoiceRow,
  now: Date = new Date(),
  change: { paymentDropped?: boolean } = {},
): Promise<{ invoice: InvoiceRow; payments: PaymentRow[]; eventTypes: string[] }> {
  const rows = await invoicePayments(executor, invoice.id);
  const state = computeInvoiceState({
    amount: invoice.amount,
    expiresAt: invoice.expiresAt,
    canceled: invoice.status === "canceled",
    payments: rows.map((row) => ({
      currencyAmount: row.currencyAmount,
      status: row.status,
      blockTimestamp: row.blockTimestamp,
      sequence: `${row.chainId}:${row.blockNumber.toString().padStart(20, "0")}:${String(row.logIndex).padStart(8, "0")}`,
    })),
    now,
    underpaymentToleranceBps: invoice.underpaymentToleranceBps,
  });
  const eventTypes = eventTypesForChange(invoice, state, change);
  const changed =
    state.status !== invoice.status ||
    state.exception !== invoice.exception ||
    state.amountPaid !== invoice.amountPaid;
  if (!changed) return { invoice, payments: rows, eventTypes: [] };

  // Refunds ride along in the event's invoice; only an invoice with money in can have any.
  const refundRows = invoice.amountPaid > 0n ? await invoiceRefunds(executor, invoice.id) : [];
  const [updated] = await executor
    .update(invoices)
    .set({
      status: state.status,
      exception: state.exception,
      amountPaid: state.amountPaid,
      paidAt: state.status === "paid" ? (invoice.paidAt ?? now) : null,
      updatedAt: now,
    })
    .where(eq(invoices.id, invoice.id))
    .returning();
  await recordInvoiceEvents(executor, {
    merchantId: invoice.merchantId,
    invoice: presentInvoice(updated!, rows, getConfig().publicUrl, refundRows),
    types: eventTypes,
    now,
  });
  return { invoice: updated!, payments: rows, eventTypes };
}

/** Open invoices whose deadline has passed, oldest first (the expiry sweep). */
export async function overdueInvoiceIds(
  executor: Executor,
  now: Date,
  limit = 100,
): Promise<string[]> {
  const rows = await executor
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.status, "open"), lt(invoices.expiresAt, now)))
    .orderBy(asc(invoices.expiresAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * Cancels an invoice while nothing has been paid, is being confirmed, or is on its way (a hash the
 * checkout posted whose receipt is not mined yet); a 409 otherwise. The change and its
 * invoice.canceled event are written in the caller's transaction.
 */
export async function cancelInvoice(
  executor: Executor,
  id: string,
  now = new Date(),
): Promise<InvoiceRow> {
  const invoice = await lockInvoice(executor, id);
  if (!invoice) throw notFound("invoice");
  if (invoice.status === "canceled") return invoice;
  const rows = await invoicePayments(executor, id);
  if (invoice.status !== "open" || rows.length > 0) {
    throw new ApiError(
      409,
      "invoice_not_cancelable",
      `The invoice is ${invoice.status}${rows.length > 0 ? " and has payments" : ""}; only an open invoice with nothing paid can be canceled.`,
    );
  }
  // A hash posted after this check is not lost: once mined it is recorded as paid_after_cancel.
  const [inFlight] = await executor
    .select({ txHash: paymentSubmissions.txHash })
    .from(paymentSubmissions)
    .where(and(eq(paymentSubmissions.invoiceId, id), eq(paymentSubmissions.status, "pending")))
    .limit(1);
  if (inFlight) {
    throw new ApiError(
      409,
      "invoice_not_cancelable",
      `A payment for this invoice is on its way (transaction ${inFlight.txHash} is not mined yet), so it cannot be canceled now; try again if that transaction fails or is given up.`,
    );
  }
  const [canceled] = await executor
    .update(invoices)
    .set({ status: "canceled", canceledAt: now, updatedAt: now })
    .where(eq(invoices.id, id))
    .returning();
  await recordInvoiceEvents(executor, {
    merchantId: invoice.merchantId,
    invoice: presentInvoice(canceled!, rows, getConfig().publicUrl),
    types: ["invoice.canceled"],
    now,
  });
  return canceled!;
}
