import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Hex } from "viem";
import { ApiError, notFound } from "../api/errors";
import type { PaymentChain } from "../chains/registry";
import { getConfig } from "../config/config";
import { type Database, type Executor, groupWriteLanes } from "../db/client";
import { violatesConstraint } from "../db/errors";
import { GroupCommit, type GroupOutcome } from "../db/groupCommit";
import { rowsOf } from "../db/rows";
import {
  events as eventsTable,
  invoices,
  manualAmounts,
  type merchants,
  paymentSubmissions,
  payments,
  paymentTargets,
} from "../db/schema";
import {
  type EventsParameters,
  eventsStatement,
  recordInvoiceEvents,
} from "../events/recordEvents";
import { newId } from "../ids";
import { invoiceRefunds } from "../refunds/queries";
import { buildPaymentOptions } from "./buildPaymentOptions";
import {
  CROWDED_PROBES,
  firstManualTries,
  holdManualAmount,
  type ManualChoice,
  probeManualAmounts,
} from "./manualAmounts";
import type { StoredPaymentOption } from "./paymentOptions";
import { type InvoiceRow, type PaymentRow, presentInvoice } from "./present";
import { type CreateInvoiceBody, DEFAULT_EXPIRES_IN } from "./schemas";
import { computeInvoiceState, eventTypesForChange } from "./state";

type Merchant = typeof merchants.$inferSelect;

export function newReference(): Hex {
  return `0x${randomBytes(16).toString("hex")}`;
}

type CreateInvoiceParameters = {
  merchant: Merchant;
  livemode: boolean;
  body: CreateInvoiceBody;
  chains: readonly PaymentChain[];
  paymentLinkId?: string;
  now?: Date;
};

type CreatedInvoice = { invoice: InvoiceRow; payments: PaymentRow[] };

/** Held by a manual amount's UNIQUE partial index: another open invoice holds that amount. */
const MANUAL_AMOUNT_TAKEN = "manual_amounts_held_unique";

/**
 * Creates an invoice for a caller with nothing else to write, in two statements and no
 * transaction: a read that finds each option a manual amount no open invoice holds, then one
 * statement, atomic on its own, that writes everything. Invoices asked for while the store is
 * busy are written together, one read and one statement for the group (group commit; a quiet
 * server writes each at once, alone). Should a racing invoice take one of those amounts in
 * between, that statement fails whole, writing nothing, and each invoice of the group is created
 * as createInvoice does, in a transaction that finds other amounts; so it is when the amounts
 * looked at were all held, and when the group's statement fails for any other reason, so that
 * one invoice's failure is its own.
 */
export async function createInvoiceAlone(
  db: Database,
  parameters: CreateInvoiceParameters,
): Promise<CreatedInvoice> {
  const options = checkedPaymentOptions(parameters);
  return creationGroups(db).submit({ parameters, options });
}

type Creation = { parameters: CreateInvoiceParameters; options: StoredPaymentOption[] };

/** Invoices in one statement, and their options (each a watch target and a manual amount). */
const MAX_GROUP_INVOICES = 64;
const MAX_GROUP_OPTIONS = 512;

const groupsByDatabase = new WeakMap<Database, GroupCommit<Creation, CreatedInvoice>>();

function creationGroups(db: Database): GroupCommit<Creation, CreatedInvoice> {
  let groups = groupsByDatabase.get(db);
  if (!groups) {
    groups = new GroupCommit<Creation, CreatedInvoice>({
      lanes: groupWriteLanes(db),
      fits: (group, next) =>
        group.length < MAX_GROUP_INVOICES &&
        group.reduce((sum, creation) => sum + creation.options.length, next.options.length) <=
          MAX_GROUP_OPTIONS,
      write: (group) => writeCreations(db, group),
    });
    groupsByDatabase.set(db, groups);
  }
  return groups;
}

async function writeCreations(
  db: Database,
  group: Creation[],
): Promise<GroupOutcome<CreatedInvoice>[]> {
  const manual = await probeFreeAmounts(db, group);
  const outcomes: GroupOutcome<CreatedInvoice>[] = [];
  const drafted: { index: number; draft: InvoiceDraft }[] = [];
  const inTransaction: number[] = [];
  group.forEach(({ parameters, options }, index) => {
    const choices = manual[index]!;
    if (!choices.every((choice): choice is ManualChoice => choice !== undefined)) {
      inTransaction.push(index);
      return;
    }
    try {
      drafted.push({ index, draft: draftInvoice(parameters, options, choices) });
    } catch (error) {
      outcomes[index] = { ok: false, error };
    }
  });
  if (drafted.length > 0) {
    try {
      await db.execute(
        creationStatement(
          db,
          drafted.map(({ draft }) => draft),
          "fail",
        ).statement,
      );
      for (const { index, draft } of drafted) {
        outcomes[index] = { ok: true, value: { invoice: draft.invoice, payments: [] } };
      }
    } catch (error) {
      if (drafted.length === 1 && !violatesConstraint(error, MANUAL_AMOUNT_TAKEN)) {
        outcomes[drafted[0]!.index] = { ok: false, error };
      } else {
        inTransaction.push(...drafted.map(({ index }) => index));
      }
    }
  }
  await Promise.all(
    inTransaction.map(async (index) => {
      const crowded = manual[index]!.some((choice) => choice === undefined);
      try {
        const value = await db.transaction((tx) =>
          createInvoice(tx, group[index]!.parameters, { crowded }),
        );
        outcomes[index] = { ok: true, value };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }),
  );
  return outcomes;
}

/**
 * Per invoice of a group, per payment option, a manual amount no open invoice holds: a few
 * random offsets looked at for every option, then many more, in a second read, for the options
 * whose first ones were all held. undefined where those were all held too.
 */
async function probeFreeAmounts(
  db: Database,
  group: readonly Creation[],
): Promise<(ManualChoice | undefined)[][]> {
  const chosen = new Set<string>();
  const manual = await probeManualAmounts(
    db,
    group.map(({ parameters, options }) => ({
      options,
      dueCurrencyUnits: parameters.body.amountUnits,
    })),
    { chosen },
  );
  const crowded = group.flatMap((creation, index) => {
    const options = creation.options.filter((_, option) => manual[index]![option] === undefined);
    return options.length > 0 ? [{ index, options }] : [];
  });
  if (crowded.length === 0) return manual;
  const again = await probeManualAmounts(
    db,
    crowded.map(({ index, options }) => ({
      options,
      dueCurrencyUnits: group[index]!.parameters.body.amountUnits,
    })),
    { probes: CROWDED_PROBES, chosen },
  );
  crowded.forEach(({ index }, entry) => {
    const found = again[entry]!;
    let next = 0;
    manual[index] = manual[index]!.map((choice) => (choice === undefined ? found[next++] : choice));
  });
  return manual;
}

/**
 * Creates an invoice inside the caller's transaction: the invoice, the targets the watcher looks
 * for, a manual amount per payment option and the invoice.created event with its deliveries.
 * `crowded`: the caller's probe saw this price's offsets held, so a taken first try skips
 * holdManualAmount's random tries.
 */
export async function createInvoice(
  executor: Executor,
  parameters: CreateInvoiceParameters,
  settings: { crowded?: boolean } = {},
): Promise<CreatedInvoice> {
  const options = checkedPaymentOptions(parameters);
  const draft = draftInvoice(
    parameters,
    options,
    firstManualTries(options, parameters.body.amountUnits),
  );
  const { invoice, tried } = draft;
  const creation = creationStatement(executor, [draft], "skip");
  const held = rowsOf<{ chain_id: number; token_address: string }>(
    await executor.execute(creation.statement),
  );
  if (held.length === tried.length) return { invoice, payments: [] };

  // An amount was taken. Look for a free one for those options, then correct the invoice and
  // its event, still inside the transaction, before anyone can read them.
  const heldKeys = new Set(held.map((row) => `${row.chain_id}:${row.token_address}`));
  const corrected: StoredPaymentOption[] = [];
  for (const option of invoice.paymentOptions) {
    const key = `${option.chainId}:${option.token.address.toLowerCase()}`;
    if (!option.manual || heldKeys.has(key)) {
      corrected.push(option);
      continue;
    }
    const base = BigInt(option.manual.due);
    const amount = await holdManualAmount(executor, {
      invoiceId: invoice.id,
      option,
      base,
      now: invoice.createdAt,
      crowded: settings.crowded,
    });
    corrected.push({
      ...option,
      manual: amount === null ? null : { amount: amount.toString(), due: base.toString() },
    });
  }
  const [updated] = await executor
    .update(invoices)
    .set({ paymentOptions: corrected })
    .where(eq(invoices.id, invoice.id))
    .returning();
  await executor
    .update(eventsTable)
    .set({ data: presentInvoice(updated!, [], getConfig().publicUrl) })
    .where(inArray(eventsTable.id, creation.eventIds[0]!));
  return { invoice: updated!, payments: [] };
}

type InvoiceDraft = {
  invoice: InvoiceRow;
  /** The options given a first manual amount, to hold with the invoice. */
  tried: { option: StoredPaymentOption; manual: { amount: string; due: string } }[];
  /** Its invoice.created event. */
  created: EventsParameters;
};

/** The invoice's payment options, once its terms are known to be acceptable. */
function checkedPaymentOptions(parameters: CreateInvoiceParameters): StoredPaymentOption[] {
  const { merchant, livemode, body } = parameters;
  if (livemode && body.redirect_url && !body.redirect_url.startsWith("https://")) {
    throw new ApiError(
      400,
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
function draftInvoice(
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
function creationStatement(
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
