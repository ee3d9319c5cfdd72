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

/** Token base units as "12.50 USDC" (at least two decimals, every significant digit kept). */
export function formatTokenAmount(
  units: string | bigint,
  decimals: number,
  symbol: string,
): string {
  return `${formatDecimal(BigInt(units), decimals, Math.min(2, decimals))} ${symbol}`;
}

/** What an event type means to the merchant, for the invoice's timeline. */
export function eventLabel(type: string): string {
  const labels: Record<string, string> = {
    "invoice.created": "Invoice created",
    "invoice.processing": "Payment seen, confirming",
    "invoice.paid": "Paid",
    "invoice.underpaid": "Underpaid",
    "invoice.overpaid": "Overpaid",
    "invoice.paid_late": "Paid after expiry",
    "invoice.multiple_payments": "Paid in several payments",
    "invoice.expired": "Expired",
    "invoice.canceled": "Canceled",
    "invoice.paid_after_cancel": "Paid after it was canceled",
    "invoice.refunded": "Refund confirmed",
  };
  return labels[type] ?? type;
}
