import type { Address, Hex } from "viem";

/** A transfer authorization the shopper's wallet signed for a payment option. */
export type SignedAuthorization = {
  chainId: number;
  token: Address;
  from: Address;
  to: Address;
  /** Token base units. */
  value: bigint;
  /** Unix seconds. */
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
  signature: Hex;
};

export type AuthorizationOutcome =
  /** The merchant's relayer broadcast the transfer: the invoice lists `txHash` as pending. */
  | { status: "accepted"; txHash: Hex }
  /** `unreachable`: no answer after the retries; otherwise the server's error code. */
  | { status: "refused"; code: string; message: string };

const ATTEMPTS = 4;

/**
 * Hands the signed authorization to the server, which relays it. A dropped connection or a
 * server error is retried with backoff: the token accepts a nonce once, so a repeat can never
 * pay twice (one that follows a lost answer is refused as already used, and the page learns of
 * the payment from the invoice).
 */
export async function postAuthorization(
  invoiceId: string,
  signed: SignedAuthorization,
): Promise<AuthorizationOutcome> {
  const body = JSON.stringify({
    chain_id: signed.chainId,
    token: signed.token,
    from: signed.from,
    to: signed.to,
    value: signed.value.toString(),
    valid_after: signed.validAfter.toString(),
    valid_before: signed.validBefore.toString(),
    nonce: signed.nonce,
    signature: signed.signature,
  });
  let delay = 500;
  let last: AuthorizationOutcome = {
    status: "refused",
    code: "unreachable",
    message: "The server could not be reached.",
  };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const response = await fetch(`/api/checkout/${invoiceId}/authorizations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const answer = (await response.json()) as {
        tx_hash?: Hex;
        error?: { code?: string; message?: string };
      };
      if (response.ok && answer.tx_hash) return { status: "accepted", txHash: answer.tx_hash };
      last = {
        status: "refused",
        code: answer.error?.code ?? "unknown",
        message: answer.error?.message ?? `HTTP ${response.status}`,
      };
      if (response.status < 500) return last;
    } catch {
      // Offline, the connection dropped, or no JSON came back: try again below.
    }
    if (attempt < ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
  return last;
}
