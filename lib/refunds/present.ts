import type { z } from "zod";
import type { refunds } from "../db/schema";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";
import { asHex } from "../schemaFields";
import type { refundSchema } from "./schemas";

export type RefundRow = typeof refunds.$inferSelect;

export type RefundStatus = "partially_refunded" | "refunded";

/** Derived from its schema, the one source of the API's shape. */
export type ApiRefund = z.output<typeof refundSchema>;

export function presentRefund(refund: RefundRow, currency: CurrencyCode): ApiRefund {
  return {
    id: refund.id,
    chain_id: refund.chainId,
    tx_hash: asHex(refund.txHash),
    from: asHex(refund.fromAddress),
    to: asHex(refund.toAddress),
    token: asHex(refund.tokenAddress),
    token_symbol: refund.tokenSymbol,
    token_decimals: refund.tokenDecimals,
    amount: formatCurrencyAmount(refund.currencyAmount, currency),
    token_amount: refund.amount.toString(),
    confirmations: refund.confirmations,
    status: refund.status,
    created_at: refund.createdAt.toISOString(),
  };
}

/**
 * How much of what was paid has gone back, from confirmed refunds only: null while nothing has,
 * "refunded" once everything paid has. The invoice's own status stays as it was (paid stays paid).
 */
export function refundStatus(invoice: {
  amountPaid: bigint;
  amountRefunded: bigint;
}): RefundStatus | null {
  if (invoice.amountRefunded <= 0n) return null;
  return invoice.amountRefunded >= invoice.amountPaid ? "refunded" : "partially_refunded";
}

/** What may still be refunded: what was paid, less every refund recorded (confirming ones too). */
export function refundableAmount(
  amountPaid: bigint,
  recorded: readonly Pick<RefundRow, "currencyAmount">[],
): bigint {
  const taken = recorded.reduce((sum, refund) => sum + refund.currencyAmount, 0n);
  return amountPaid > taken ? amountPaid - taken : 0n;
}
