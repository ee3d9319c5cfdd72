import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../db/client";
import { invoices, manualAmounts } from "../db/schema";
import type { ManualHolder, ReferencedInvoice, TransferLog } from "./matchTransfers";

const CHUNK = 5000;

/** The invoices whose reference is one of `windows` (one indexed lookup, whatever the count). */
export async function findReferencedInvoices(
  executor: Executor,
  windows: readonly string[],
): Promise<ReferencedInvoice[]> {
  const found: ReferencedInvoice[] = [];
  for (let at = 0; at < windows.length; at += CHUNK) {
    const rows = await executor
      .select({
        id: invoices.id,
        reference: invoices.reference,
        paymentOptions: invoices.paymentOptions,
      })
      .from(invoices)
      .where(inArray(invoices.reference, windows.slice(at, at + CHUNK)));
    found.push(...rows);
  }
  return found;
}

/**
 * Invoices holding exactly these manual amounts on this chain: one lookup per distinct (token,
 * recipient, amount), each an equality on the whole key of the unique index, so its cost stays
 * flat however many amounts are held (a combined query may be planned as a scan of one
 * recipient's amounts when table statistics lag behind, as they do right after a bulk load and
 * always in PGlite).
 */
export async function findManualHolders(
  executor: Executor,
  chainId: number,
  transfers: readonly TransferLog[],
): Promise<ManualHolder[]> {
  const keys = new Map<string, { token: string; recipient: string; amount: bigint }>();
  for (const transfer of transfers) {
    const token = transfer.token.toLowerCase();
    const recipient = transfer.to.toLowerCase();
    keys.set(`${token}:${recipient}:${transfer.value}`, {
      token,
      recipient,
      amount: transfer.value,
    });
  }
  const lookup = (key: { token: string; recipient: string; amount: bigint }) =>
    executor
      .select({
        invoiceId: manualAmounts.invoiceId,
        tokenAddress: manualAmounts.tokenAddress,
        recipient: manualAmounts.recipient,
        amount: manualAmounts.amount,
      })
      .from(manualAmounts)
      .where(
        and(
          eq(manualAmounts.chainId, chainId),
          eq(manualAmounts.tokenAddress, key.token),
          eq(manualAmounts.recipient, key.recipient),
          eq(manualAmounts.amount, key.amount),
          isNull(manualAmounts.releasedAt),
        ),
      );
  const wanted = [...keys.values()];
  const held: Omit<ManualHolder, "paymentOptions">[] = [];
  for (let at = 0; at < wanted.length; at += 8) {
    for (const rows of await Promise.all(wanted.slice(at, at + 8).map(lookup))) held.push(...rows);
  }
  if (held.length === 0) return [];
  const options = await executor
    .select({ id: invoices.id, paymentOptions: invoices.paymentOptions })
    .from(invoices)
    .where(inArray(invoices.id, [...new Set(held.map((row) => row.invoiceId))]));
  const optionsById = new Map(options.map((row) => [row.id, row.paymentOptions]));
  return held.map((row) => ({ ...row, paymentOptions: optionsById.get(row.invoiceId) ?? [] }));
}
