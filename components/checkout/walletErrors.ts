import {
  BaseError,
  MethodNotFoundRpcError,
  MethodNotSupportedRpcError,
  UnsupportedProviderMethodError,
  UserRejectedRequestError,
} from "viem";
import type { MessageKey } from "@/lib/i18n/messages/en";

export type WalletErrorMessage = { key: MessageKey; values: Record<string, string> };

/** What went wrong in the wallet, as a sentence of the page's catalog, never a stack. */
export function walletErrorMessage(
  error: unknown,
  action: "switch" | "send" | "sign",
  chainName: string,
): WalletErrorMessage {
  const rejected =
    error instanceof BaseError
      ? error.walk((cause) => cause instanceof UserRejectedRequestError) !== null ||
        /reject|denied|cancel/i.test(error.shortMessage)
      : /reject|denied|cancel/i.test(String(error));
  if (rejected) {
    if (action === "switch") {
      return { key: "wallet.error.switchRejected", values: { chain: chainName } };
    }
    return action === "sign"
      ? { key: "wallet.error.signRejected", values: {} }
      : { key: "wallet.error.sendRejected", values: {} };
  }
  const text =
    error instanceof BaseError ? `${error.shortMessage} ${error.details ?? ""}` : String(error);
  const reason = (error instanceof BaseError ? error.shortMessage : "unknown error").replace(
    /\.$/,
    "",
  );
  if (action === "sign") {
    const unsupported =
      (error instanceof BaseError &&
        error.walk(
          (cause) =>
            cause instanceof UnsupportedProviderMethodError ||
            cause instanceof MethodNotSupportedRpcError ||
            cause instanceof MethodNotFoundRpcError,
        ) !== null) ||
      /not supported|unsupported|does not support/i.test(text);
    return unsupported
      ? { key: "wallet.error.signUnsupported", values: {} }
      : { key: "wallet.error.signFailed", values: { reason } };
  }
  if (/insufficient funds|exceeds balance|gas required exceeds/i.test(text)) {
    return { key: "wallet.error.insufficient", values: { chain: chainName } };
  }
  if (action === "switch")
    return { key: "wallet.error.switchFailed", values: { chain: chainName } };
  return { key: "wallet.error.sendFailed", values: { reason } };
}
