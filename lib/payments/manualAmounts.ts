import "server-only";
import { randomInt } from "node:crypto";
import { and, between, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { invoices, manualAmounts } from "../db/schema";
import {
  manualAmount,
  manualBase,
  manualOffsetUnit,
  manualSlots,
} from "../invoices/manualTransfer";
import { type StoredPaymentOption, tokenAmountDue } from "../invoices/paymentOptions";
import { amountDue, type InvoiceRow } from "../invoices/present";

/** Random tries before looking up which offsets are still free. */
const RANDOM_TRIES = 8;

/**
 * Holds a manual amount (base + a free offset) for one payment option of an invoice. The
 * UNIQUE partial index on held amounts decides: an insert that collides does nothing, and
 * another offset is tried. Returns null when every offset for this base is taken.
 */
export async function holdManualAmount(
  executor: Executor,
  parameters: { invoiceId: string; option: StoredPaymentOption; base: bigint; now: Date },
): Promise<bigint | null> {
  const { invoiceId, option, base, now } = parameters;
  const decimals = option.token.decimals;
  const slots = manualSlots(decimals);
  if (slots === 0) return null;
  const key = {
    chainId: option.chainId,
    tokenAddress: option.token.address.toLowerCase(),
    recipient: option.recipient.toLowerCase(),
  };
  const tryHold = async (slot: number) => {
    const amount = manualAmount(base, slot, decimals);
    const held = await executor
      .insert(manualAmounts)
      .values({ invoiceId, ...key, amount, due: base, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: manualAmounts.id });
    return held.length > 0 ? amount : null;
  };

  for (let attempt = 0; attempt < RANDOM_TRIES; attempt++) {
    const amount = await tryHold(randomInt(1, slots + 1));
    if (amount !== null) return amount;
  }
  // Crowded: pick among the offsets nobody holds right now (a racing insert may still win one).
  for (let attempt = 0; attempt < 3; attempt++) {
    const unit = manualOffsetUnit(decimals);
    const taken = await executor
      .select({ amount: manualAmounts.amount })
      .from(manualAmounts)
      .where(
        and(
          eq(manualAmounts.chainId, key.chainId),
          eq(manualAmounts.tokenAddress, key.tokenAddress),
          eq(manualAmounts.recipient, key.recipient),
          isNull(manualAmounts.releasedAt),
          between(manualAmounts.amount, base + unit, base + BigInt(slots) * unit),
        ),
      );
    const takenSlots = new Set(taken.map((row) => Number((row.amount - base) / unit)));
    const free: number[] = [];
    for (let slot = 1; slot <= slots; slot++) if (!takenSlots.has(slot)) free.push(slot);
    if (free.length === 0) return null;
    const amount = await tryHold(free[randomInt(0, free.length)]!);
    if (amount !== null) return amount;
  }
  return null;
}

/**
 * Gives every payment option of an open invoice a manual amount for what is due now: the first
 * at creation, and after a partial payment one for the rest. Amounts held before stay held until
 * the invoice is finished, so a transfer of an older amount that is already on its way still
 * counts. Saves the options on the invoice and returns the updated row.
 */
export async function assignManualAmounts(
  executor: Executor,
  invoice: InvoiceRow,
  now: Date,
): Promise<InvoiceRow> {
  const due = amountDue(invoice);
  if (due === 0n) return invoice;
  const wanted = invoice.paymentOptions.map((option) => {
    const decimals = option.token.decimals;
    const base = manualBase(tokenAmountDue(due, decimals), decimals);
    const current = option.manual && BigInt(option.manual.due) === base;
    const slots = manualSlots(decimals);
    return { option, base, current, first: slots > 0 ? randomInt(1, slots + 1) : 0 };
  });
  const missing = wanted.filter((entry) => !entry.current);
  if (missing.length === 0) return invoice;

  // Usually every option's first random offset is free: one insert for all of them.
  const firstTries = missing.filter((entry) => entry.first > 0);
  const heldAtOnce = new Set<string>();
  if (firstTries.length > 0) {
    const rows = await executor
      .insert(manualAmounts)
      .values(
        firstTries.map(({ option, base, first }) => ({
          invoiceId: invoice.id,
          chainId: option.chainId,
          tokenAddress: option.token.address.toLowerCase(),
          recipient: option.recipient.toLowerCase(),
          amount: manualAmount(base, first, option.token.decimals),
          due: base,
          createdAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ chainId: manualAmounts.chainId, tokenAddress: manualAmounts.tokenAddress });
    for (const row of rows) heldAtOnce.add(`${row.chainId}:${row.tokenAddress}`);
  }

  let changed = false;
  const options: StoredPaymentOption[] = [];
  for (const { option, base, current, first } of wanted) {
    if (current) {
      options.push(option);
      continue;
    }
    const key = `${option.chainId}:${option.token.address.toLowerCase()}`;
    const amount = heldAtOnce.has(key)
      ? manualAmount(base, first, option.token.decimals)
      : await holdManualAmount(executor, { invoiceId: invoice.id, option, base, now });
    options.push({
      ...option,
      manual: amount === null ? null : { amount: amount.toString(), due: base.toString() },
    });
    changed = true;
  }
  if (!changed) return invoice;
  const [updated] = await executor
    .update(invoices)
    .set({ paymentOptions: options })
    .where(eq(invoices.id, invoice.id))
    .returning();
  return updated!;
}

/** Lets go of an invoice's manual amounts, so other invoices may use them. */
export async function releaseManualAmounts(
  executor: Executor,
  invoiceIds: readonly string[],
  now: Date,
): Promise<void> {
  if (invoiceIds.length === 0) return;
  // By invoice alone (a few rows each): "released_at is null" here would invite the planner to
  // read the partial index of every held amount.
  await executor
    .update(manualAmounts)
    .set({
      releasedAt: sql`coalesce(${manualAmounts.releasedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(inArray(manualAmounts.invoiceId, [...invoiceIds]));
}

/**
 * After an invoice changed: a paid or canceled one releases its amounts; an open one gets an
 * amount for what is due now. An expired one keeps its amounts through the monitoring window,
 * so that a late exchange withdrawal is still recognised (paid_late).
 */
export async function syncManualAmounts(
  executor: Executor,
  invoice: InvoiceRow,
  now: Date,
): Promise<InvoiceRow> {
  if (invoice.status === "paid" || invoice.status === "canceled") {
    await releaseManualAmounts(executor, [invoice.id], now);
    return invoice;
  }
  if (invoice.status === "open" || invoice.status === "processing") {
    return assignManualAmounts(executor, invoice, now);
  }
  return invoice;
}

/** Releases amounts still held by invoices that are paid or canceled (a canceled one, mostly). */
export async function releaseFinishedManualAmounts(executor: Executor, now: Date): Promise<number> {
  const released = await executor
    .update(manualAmounts)
    .set({ releasedAt: now })
    .where(
      and(
        isNull(manualAmounts.releasedAt),
        inArray(
          manualAmounts.invoiceId,
          sql`(select ${invoices.id} from ${invoices} where ${invoices.status} in ('paid', 'canceled'))`,
        ),
      ),
    )
    .returning({ id: manualAmounts.id });
  return released.length;
}
