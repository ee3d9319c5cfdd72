import { formatNumber } from "@/lib/i18n/format";
import { formatDecimal } from "@/lib/money/decimal";

export function shortHash(hash: string): string {
  return `${hash.slice(0, 10)}…${hash.slice(-8)}`;
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function explorerTxUrl(explorerUrl: string | null, hash: string): string | null {
  return explorerUrl ? `${explorerUrl.replace(/\/$/, "")}/tx/${hash}` : null;
}

export function explorerAddressUrl(explorerUrl: string | null, address: string): string | null {
  return explorerUrl ? `${explorerUrl.replace(/\/$/, "")}/address/${address}` : null;
}

/**
 * Token base units as "1,234.50 USDC": grouped, at least two decimals, every significant digit
 * kept (formatted from the decimal string, never through a JS number).
 */
export function formatTokenAmount(
  units: string | bigint,
  decimals: number,
  symbol: string,
): string {
  return `${formatNumber(formatDecimal(BigInt(units), decimals, Math.min(2, decimals)), "en")} ${symbol}`;
}

/** What an event type means to the merchant, for the invoice's timeline. */
export function eventLabel(type: string): string {
  const labels: Record<string, string> = {
    "invoice.created": "Invoice created",
    "invoice.processing": "Payment seen, confirming",
    "invoice.reverted": "Payment undone by a chain reorganisation",
    "invoice.paid": "Paid",
    "invoice.underpaid": "Underpaid",
    "invoice.overpaid": "Overpaid",
    "invoice.paid_late": "Paid after expiry",
    "invoice.multiple_payments": "Paid in several payments",
    "invoice.expired": "Expired",
    "invoice.canceled": "Canceled",
    "invoice.paid_after_cancel": "Paid after it was canceled",
    "invoice.refunded": "Refund confirmed",
    "payment.unmatched": "Payment not credited",
  };
  return labels[type] ?? type;
}
