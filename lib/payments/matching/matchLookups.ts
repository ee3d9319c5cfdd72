import "server-only";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { invoices, manualAmounts, merchants, relayerTransactions } from "../../db/schema";
import type { TransferLog } from "../transfers";
import type { ManualHolder, ReferencedInvoice } from "./matchTransfers";

/**
 * The invoices with these references (each bound to a transfer by its own call, so at most one per
 * transfer), with their merchant's current terms: one indexed lookup. A reference no invoice has
 * may begin an authorization nonce the relayer recorded for an invoice (an x402 payer's nonce is
 * random): that invoice is returned under it, so the transfer is credited to the invoice it was
 * recorded for whoever broadcast it, and after a crash between the record and the broadcast.
 */
export async function findReferencedInvoices(
  executor: Executor,
  references: readonly string[],
): Promise<ReferencedInvoice[]> {
  if (references.length === 0) return [];
  const columns = {
    id: invoices.id,
    merchantId: invoices.merchantId,
    livemode: invoices.livemode,
    currency: invoices.currency,
    reference: invoices.reference,
    paymentOptions: invoices.paymentOptions,
    settlementAddress: merchants.settlementAddress,
    settlementOverrides: merchants.settlementOverrides,
    acceptedTokens: merchants.acceptedTokens,
  };
  const rows = await executor
    .select(columns)
    .from(invoices)
    .innerJoin(merchants, eq(merchants.id, invoices.merchantId))
    .where(inArray(invoices.reference, [...references]));
  const found = new Set(rows.map((row) => row.reference.toLowerCase()));
  const rest = references.filter((reference) => !found.has(reference.toLowerCase()));
  if (rest.length > 0) {
    const recorded = await executor
      .select({ ...columns, reference: relayerTransactions.nonceReference })
      .from(relayerTransactions)
      .innerJoin(invoices, eq(invoices.id, relayerTransactions.invoiceId))
      .innerJoin(merchants, eq(merchants.id, invoices.merchantId))
      .where(
        inArray(
          relayerTransactions.nonceReference,
          rest.map((reference) => reference.toLowerCase()),
        ),
      )
      .orderBy(relayerTransactions.createdAt, relayerTransactions.id);
    // The first recorded keeps its reference: the relayer refuses a later authorization whose
    // nonce begins as a recorded one does, so one more can only come from a race it lost.
    for (const row of recorded) {
      if (found.has(row.reference!)) continue;
      found.add(row.reference!);
      rows.push({ ...row, reference: row.reference! });
    }
  }
  return rows.map(({ settlementAddress, settlementOverrides, acceptedTokens, ...invoice }) => ({
    ...invoice,
    merchant: { settlementAddress, settlementOverrides, acceptedTokens },
  }));
}

/**
 * The merchants paid at each of these addresses on a chain (lowercase address -> merchant ids):
 * whose transfers match no invoice are still theirs to see.
 */
export async function merchantsPaidAt(
  executor: Executor,
  chainId: number,
  addresses: readonly string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (addresses.length === 0) return found;
  const wanted = [...new Set(addresses.map((address) => address.toLowerCase()))];
  const rows = await executor
    .select({
      id: merchants.id,
      settlementAddress: merchants.settlementAddress,
      settlementOverrides: merchants.settlementOverrides,
    })
    .from(merchants)
    .where(
      or(
        inArray(sql`lower(${merchants.settlementAddress})`, wanted),
        inArray(sql`lower(${merchants.settlementOverrides} ->> ${String(chainId)})`, wanted),
      ),
    );
  for (const row of rows) {
    const address = (
      row.settlementOverrides[String(chainId)] ?? row.settlementAddress
    ).toLowerCase();
    if (!wanted.includes(address)) continue;
    found.set(address, [...(found.get(address) ?? []), row.id]);
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
