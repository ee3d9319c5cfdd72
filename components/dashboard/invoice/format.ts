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

// app/dashboard/invoices/[id]/page.tsx imports it from here; components import it from lib/money.

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
