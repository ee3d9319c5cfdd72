import "server-only";
import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { Hex } from "viem";
import type { PaymentChain } from "../chains/registry";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import { invoices, manualAmounts, type merchants, paymentTargets } from "../db/schema";
import { DomainError } from "../errors";
import { type EventsParameters, eventsStatement } from "../events/recordEvents";
import { newId } from "../ids";
import { buildPaymentOptions } from "./buildPaymentOptions";
import type { ManualChoice } from "./manualAmounts";
import type { StoredPaymentOption } from "./paymentOptions";
import { type InvoiceRow, type PaymentRow, presentInvoice } from "./present";
import { type CreateInvoiceBody, DEFAULT_EXPIRES_IN } from "./schemas";

type Merchant = typeof merchants.$inferSelect;

export function newReference(): Hex {
  return `0x${randomBytes(16).toString("hex")}`;
}

export type CreateInvoiceParameters = {
  merchant: Merchant;
  livemode: boolean;
  body: CreateInvoiceBody;
  chains: readonly PaymentChain[];
  paymentLinkId?: string;
  now?: Date;
};

export type CreatedInvoice = { invoice: InvoiceRow; payments: PaymentRow[] };

/** Held by a manual amount's UNIQUE partial index: another open invoice holds that amount. */
export const MANUAL_AMOUNT_TAKEN = "manual_amounts_held_unique";

export type InvoiceDraft = {
  invoice: InvoiceRow;
  /** The options given a first manual amount, to hold with the invoice. */
  tried: { option: StoredPaymentOption; manual: { amount: string; due: string } }[];
  /** Its invoice.created event. */
  created: EventsParameters;
};

/** The invoice's payment options, once its terms are known to be acceptable. */
export function checkedPaymentOptions(parameters: CreateInvoiceParameters): StoredPaymentOption[] {
  const { merchant, livemode, body } = parameters;
  if (livemode && body.redirect_url && !body.redirect_url.startsWith("https://")) {
    throw new DomainError(
      "parameter_invalid",
      "Invalid redirect_url: live mode needs https.",
      "redirect_url",
    );
  }
  return buildPaymentOptions({
    merchant,
    chains: parameters.chains,
    livemode,
    currency: body.currency,
    accept: body.accept,
  });
}

/** The new invoice as it will be stored, each option with the manual amount chosen for it. */
export function draftInvoice(
  parameters: CreateInvoiceParameters,
  options: readonly StoredPaymentOption[],
  manual: readonly ManualChoice[],
): InvoiceDraft {
  const { merchant, livemode, body } = parameters;
  const now = parameters.now ?? new Date();
  const id = newId("inv", now.getTime());
  const paymentOptions = options.map((option, index) => ({
    ...option,
    manual: manual[index] ?? null,
  }));
  const invoice: InvoiceRow = {
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
    underpaymentToleranceBps: merchant.underpaymentToleranceBps,
    amountRefunded: 0n,
    reference: newReference(),
    paymentOptions,
    expiresAt: new Date(
      now.getTime() + (body.expires_in ?? merchant.defaultExpiresIn ?? DEFAULT_EXPIRES_IN) * 1000,
    ),
    createdAt: now,
    updatedAt: now,
    paidAt: null,
    canceledAt: null,
  };
  return {
    invoice,
    tried: paymentOptions.flatMap((option) =>
      option.manual ? [{ option, manual: option.manual }] : [],
    ),
    created: {
      merchantId: merchant.id,
      livemode,
      invoiceId: id,
      types: ["invoice.created"],
      data: presentInvoice(invoice, [], getConfig().publicUrl),
      now,
    },
  };
}

/**
 * One statement that writes new invoices, the targets the watcher looks for (watched until the
 * monitoring window after expiry ends), their first manual amounts and their invoice.created
 * events with their deliveries, and answers which manual amounts it holds. A manual amount
 * another open invoice holds is skipped, or fails the whole statement.
 */
export function creationStatement(
  executor: Executor,
  drafts: readonly InvoiceDraft[],
  onTaken: "skip" | "fail",
): { statement: SQL; eventIds: string[][] } {
  const monitoringWindowMs = getConfig().monitoringWindowSeconds * 1000;
  const ctes = [
    sql`new_invoice as (${executor
      .insert(invoices)
      .values(drafts.map(({ invoice }) => invoice))
      .getSQL()})`,
  ];
  const targetRows = drafts.flatMap(({ invoice }) => {
    const watchUntil = new Date(invoice.expiresAt.getTime() + monitoringWindowMs);
    return invoice.paymentOptions.map((option) => ({
      invoiceId: invoice.id,
      chainId: option.chainId,
      tokenAddress: option.token.address.toLowerCase(),
      recipient: option.recipient.toLowerCase(),
      watchUntil,
    }));
  });
  if (targetRows.length > 0) {
    ctes.push(sql`new_targets as (${executor.insert(paymentTargets).values(targetRows).getSQL()})`);
  }
  const amountRows = drafts.flatMap(({ invoice, tried }) =>
    tried.map(({ option, manual }) => ({
      invoiceId: invoice.id,
      chainId: option.chainId,
      tokenAddress: option.token.address.toLowerCase(),
      recipient: option.recipient.toLowerCase(),
      amount: BigInt(manual.amount),
      due: BigInt(manual.due),
      createdAt: invoice.createdAt,
    })),
  );
  if (amountRows.length > 0) {
    const amounts = executor.insert(manualAmounts).values(amountRows);
    const returning = {
      chainId: manualAmounts.chainId,
      tokenAddress: manualAmounts.tokenAddress,
    };
    const held =
      onTaken === "skip"
        ? amounts.onConflictDoNothing().returning(returning)
        : amounts.returning(returning);
    ctes.push(sql`held as (${held.getSQL()})`);
  } else {
    ctes.push(
      sql`held (chain_id, token_address) as (select null::integer, null::text where false)`,
    );
  }
  const events = eventsStatement(drafts.map(({ created }) => created));
  ctes.push(events.ctes);
  return {
    statement: sql`with ${sql.join(ctes, sql`, `)} select chain_id, token_address from held`,
    eventIds: events.ids,
  };
}
