import { CURRENCY_SCALE } from "@/lib/money/currencies";
import { formatDecimal, parseDecimal } from "@/lib/money/decimal";

/** What a refund needs of the payment it returns: its token's precision and the amount paid. */
type PaidAmount = { token_decimals: number; amount: string };

/**
 * The most of this payment's token that may still go back: what is left refundable on the
 * invoice (rounded down to the token's precision), capped at the payment itself.
 */
export function refundableUnits(refundable: string, payment: PaidAmount): bigint {
  const remaining =
    parseDecimal(refundable, CURRENCY_SCALE) /
    10n ** BigInt(CURRENCY_SCALE - payment.token_decimals);
  const paid = BigInt(payment.amount);
  return remaining < paid ? remaining : paid;
}

/** A plain decimal for the amount field ("1234.50", no grouping): what the merchant types. */
export function amountField(units: bigint, decimals: number): string {
  return formatDecimal(units, decimals, Math.min(2, decimals));
}

/** Nothing is left to refund on the invoice. */
export function nothingRefundable(refundable: string): boolean {
  return parseDecimal(refundable, CURRENCY_SCALE) === 0n;
}
