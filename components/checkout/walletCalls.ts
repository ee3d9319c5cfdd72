import { type Hex, numberToHex } from "viem";

/**
 * EIP-5792 (wallet_sendCalls) as the checkout reads it: whether the wallet speaks it on the
 * payment's chain, and what a call bundle's status means for the payment.
 */

/**
 * Whether a wallet_getCapabilities answer lets the page pay through wallet_sendCalls on
 * `chainId`. A wallet that answers at all speaks EIP-5792; it lists the chains it serves, by
 * hex id or as "0x0" for all of them. `answer` is the raw map (hex keys) or viem's (number keys).
 * Anything else (no answer, an error, a malformed map, another chain only) means "use
 * eth_sendTransaction", which every wallet supports.
 */
export function sendCallsSupported(answer: unknown, chainId: number): boolean {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return false;
  const chains = answer as Record<string, unknown>;
  const listed = (key: string) => {
    const capabilities = chains[key];
    return typeof capabilities === "object" && capabilities !== null;
  };
  return listed(numberToHex(chainId)) || listed(String(chainId)) || listed("0x0") || listed("0");
}

/**
 * Whether the wallet takes an ERC-7677 paymaster service on `chainId`: its capabilities for that
 * chain (or for all, "0x0") say `paymasterService: { supported: true }`. Only then does the page
 * pass the option's paymaster_service_url, so a wallet that cannot use it is never refused for it.
 */
export function paymasterServiceSupported(answer: unknown, chainId: number): boolean {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return false;
  const chains = answer as Record<string, unknown>;
  return [numberToHex(chainId), String(chainId), "0x0", "0"].some((key) => {
    const capabilities = chains[key] as { paymasterService?: { supported?: unknown } } | undefined;
    return (
      typeof capabilities === "object" &&
      capabilities !== null &&
      capabilities.paymasterService?.supported === true
    );
  });
}

/** A bundle's status as viem reports wallet_getCallsStatus (EIP-5792 v2 status codes). */
export type CallsStatus = {
  statusCode: number;
  receipts?: readonly { status: "success" | "reverted"; transactionHash: Hex }[] | undefined;
};

export type CallsOutcome =
  /** Not on chain yet: ask again. */
  | { status: "pending" }
  /** On chain, every call succeeded: the hashes to report, in call order. */
  | { status: "included"; hashes: Hex[] }
  /** The wallet gave up (4xx) or a call reverted (5xx, 6xx, or a reverted receipt). */
  | { status: "failed" };

/**
 * What a status answer means: 1xx pending, 2xx included (once it carries the receipts), 4xx the
 * bundle never reached the chain, 5xx it reverted, 6xx it partly reverted. A reverted receipt
 * fails the payment whatever the code says.
 */
export function callsOutcome(status: CallsStatus): CallsOutcome {
  const code = status.statusCode;
  const receipts = status.receipts ?? [];
  if (receipts.some((receipt) => receipt.status !== "success")) return { status: "failed" };
  if (code >= 100 && code < 200) return { status: "pending" };
  if (code >= 200 && code < 300) {
    return receipts.length === 0
      ? { status: "pending" }
      : { status: "included", hashes: receipts.map((receipt) => receipt.transactionHash) };
  }
  return { status: "failed" };
}
