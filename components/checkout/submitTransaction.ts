import type { CheckoutInvoice } from "@/lib/checkout/view";

export type SubmitOutcome =
  | { status: "accepted"; invoice: CheckoutInvoice }
  | { status: "rejected"; code: string; message: string };

/**
 * Tells the server which transaction the wallet sent. Network or server failures are retried
 * with backoff: the hash must reach the server even on a flaky phone connection.
 */
export async function submitTransaction(
  invoiceId: string,
  chainId: number,
  txHash: string,
): Promise<SubmitOutcome> {
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`/api/checkout/${invoiceId}/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chain_id: chainId, tx_hash: txHash }),
      });
      const body = await response.json();
      if (response.ok) return { status: "accepted", invoice: body.invoice };
      if (response.status >= 400 && response.status < 500) {
        return { status: "rejected", code: body.error.code, message: body.error.message };
      }
    } catch {
      // Offline or the connection dropped: try again below.
    }
    if (attempt >= 6) {
      return {
        status: "rejected",
        code: "unreachable",
        message:
          "We could not reach the server to confirm your payment. Your transaction is on its way; keep this page open or reload it in a minute.",
      };
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
}
