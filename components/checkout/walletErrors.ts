import { BaseError, UserRejectedRequestError } from "viem";
import type { MessageKey } from "@/lib/i18n/messages/en";

export type WalletErrorMessage = { key: MessageKey; values: Record<string, string> };

/** What went wrong in the wallet, as a sentence of the page's catalog, never a stack. */
export function walletErrorMessage(
  error: unknown,
  action: "switch" | "send",
  chainName: string,
): WalletErrorMessage {
  const rejected =
    error instanceof BaseError
      ? error.walk((cause) => cause instanceof UserRejectedRequestError) !== null ||
        /reject|denied|cancel/i.test(error.shortMessage)
      : /reject|denied|cancel/i.test(String(error));
  if (rejected) {
    return action === "switch"
      ? { key: "wallet.error.switchRejected", values: { chain: chainName } }
      : { key: "wallet.error.sendRejected", values: {} };
  }
  const text =
    error instanceof BaseError ? `${error.shortMessage} ${error.details ?? ""}` : String(error);
  if (/insufficient funds|exceeds balance|gas required exceeds/i.test(text)) {
    return { key: "wallet.error.insufficient", values: { chain: chainName } };
  }
  if (action === "switch")
    return { key: "wallet.error.switchFailed", values: { chain: chainName } };
  const reason = (error instanceof BaseError ? error.shortMessage : "unknown error").replace(
    /\.$/,
    "",
  );
  return { key: "wallet.error.sendFailed", values: { reason } };
}
