import { BaseError, UserRejectedRequestError } from "viem";

/** A sentence for what went wrong in the wallet, never a stack. */
export function walletErrorMessage(
  error: unknown,
  action: "switch" | "send",
  chainName: string,
): string {
  const rejected =
    error instanceof BaseError
      ? error.walk((cause) => cause instanceof UserRejectedRequestError) !== null ||
        /reject|denied|cancel/i.test(error.shortMessage)
      : /reject|denied|cancel/i.test(String(error));
  if (rejected) {
    return action === "switch"
      ? `Your wallet stayed on another network. Switch it to ${chainName} to pay.`
      : "You declined the transaction in your wallet. Nothing was sent.";
  }
  const text =
    error instanceof BaseError ? `${error.shortMessage} ${error.details ?? ""}` : String(error);
  if (/insufficient funds|exceeds balance|gas required exceeds/i.test(text)) {
    return `Your wallet does not have enough ${chainName} gas or tokens for this payment.`;
  }
  if (action === "switch") {
    return `Your wallet could not switch to ${chainName}. Switch networks in the wallet, then press Pay again.`;
  }
  const short =
    error instanceof BaseError ? error.shortMessage : "The wallet could not send the transaction.";
  return `${short.replace(/\.$/, "")}. Nothing was paid; you can try again.`;
}
