import "server-only";
import { eq, inArray } from "drizzle-orm";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import { rowsOf } from "../db/rows";
import { events as eventsTable, invoices } from "../db/schema";
import {
  type CreatedInvoice,
  type CreateInvoiceParameters,
  checkedPaymentOptions,
  creationStatement,
  draftInvoice,
} from "./invoiceDraft";
import { firstManualTries, holdManualAmount } from "./manualAmounts";
import type { StoredPaymentOption } from "./paymentOptions";
import { presentInvoice } from "./present";

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
