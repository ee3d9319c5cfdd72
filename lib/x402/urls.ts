/** Where a program pays an invoice over x402. */
export function x402InvoiceUrl(publicUrl: string, invoiceId: string): string {
  return `${publicUrl}/api/x402/invoices/${invoiceId}`;
}

/** Where a program pays a payment link over x402 (`?amount=` when its amount is open). */
export function x402LinkUrl(publicUrl: string, linkId: string): string {
  return `${publicUrl}/api/x402/links/${linkId}`;
}
