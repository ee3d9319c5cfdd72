import { BaseError, UserRejectedRequestError } from "viem";
import { DashboardApiError, dashboardFetch } from "../api";

/** Posts the refund; the server's node may see the receipt a moment after the wallet's did. */
export async function recordRefund(
  invoiceId: string,
  body: Record<string, unknown>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dashboardFetch(`/api/dashboard/invoices/${invoiceId}/refunds`, { body });
      return;
    } catch (error) {
      const notMinedYet =
        error instanceof DashboardApiError &&
        error.status === 409 &&
        error.param === "tx_hash" &&
        /not mined/i.test(error.message);
      if (!notMinedYet || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
}

/** What went wrong in the merchant's wallet, as a sentence. */
export function refundWalletError(error: unknown): string {
  const rejected =
    error instanceof BaseError
      ? error.walk((cause) => cause instanceof UserRejectedRequestError) !== null ||
        /reject|denied|cancel/i.test(error.shortMessage)
      : /reject|denied|cancel/i.test(String(error));
  if (rejected) return "The wallet declined the transaction; nothing was sent.";
  const text = error instanceof BaseError ? error.shortMessage : String(error);
  if (/insufficient|exceeds balance/i.test(text)) {
    return "The connected wallet does not hold enough of the token (or gas) for this refund.";
  }
  return `The wallet could not send the refund: ${text.replace(/\.$/, "")}.`;
}
