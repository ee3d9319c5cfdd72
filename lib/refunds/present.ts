import type { refunds } from "../db/schema";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";

export type RefundRow = typeof refunds.$inferSelect;

export type RefundStatus = "partially_refunded" | "refunded";

export type ApiRefund = {
  id: string;
  chain_id: number;
  tx_hash: string;
  from: string;
  to: string;
  /** The token's contract address. */
  token: string;
  token_symbol: string;
  token_decimals: number;
  /** In the invoice's currency, as a decimal string. */
  amount: string;
  /** Token base units, as in the Transfer log. */
  token_amount: string;
  confirmations: number;
  status: RefundRow["status"];
  created_at: string;
};

export function presentRefund(refund: RefundRow, currency: CurrencyCode): ApiRefund {
  return {
    id: refund.id,
    chain_id: refund.chainId,
    tx_hash: refund.txHash,
    from: refund.fromAddress,
    to: refund.toAddress,
    token: refund.tokenAddress,
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
