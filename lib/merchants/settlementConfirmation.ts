import type { Address, TypedDataDefinition } from "viem";

/*
 * The message a settlement address signs to confirm that payments to a store may go to it.
 * EIP-712 typed data, so a wallet shows each field by name, its domain binds the chain the
 * signature is checked on, and a Safe or a smart account signs it as any other typed data (and
 * answers for it under ERC-1271). Shared by the server, which rebuilds it from the request to
 * verify it, and the settings page, which shows it and asks the wallet to sign it.
 */

/** How long a confirmation is accepted after the time it names. */
export const CONFIRMATION_WINDOW_MS = 15 * 60 * 1000;
/** How far ahead of the server's clock the time it names may be (clocks drift). */
export const CONFIRMATION_CLOCK_SKEW_MS = 60 * 1000;

export const SETTLEMENT_CONFIRMATION_STATEMENT =
  "Payments to this store may be sent to this address, which I control.";

const types = {
  SettlementAddress: [
    { name: "statement", type: "string" },
    { name: "deployment", type: "string" },
    { name: "merchant", type: "string" },
    { name: "settlementAddress", type: "address" },
    { name: "issuedAt", type: "string" },
  ],
} as const;

export type SettlementConfirmationFields = {
  /** The deployment's origin (PUBLIC_URL's), such as https://pay.example. */
  deployment: string;
  merchantId: string;
  address: Address;
  /** The chain the signature is checked on. */
  chainId: number;
  /** ISO 8601, UTC, as Date.toISOString() writes it. */
  issuedAt: string;
};

export type SettlementConfirmationTypedData = TypedDataDefinition<
  typeof types,
  "SettlementAddress"
>;

/** The typed data the address signs for these fields. */
export function settlementConfirmationTypedData(
  fields: SettlementConfirmationFields,
): SettlementConfirmationTypedData {
  return {
    domain: { name: "Settlement address confirmation", version: "1", chainId: fields.chainId },
    types,
    primaryType: "SettlementAddress",
    message: {
      statement: SETTLEMENT_CONFIRMATION_STATEMENT,
      deployment: fields.deployment,
      merchant: fields.merchantId,
      settlementAddress: fields.address,
      issuedAt: fields.issuedAt,
    },
  };
}

/** Whether a time named by a confirmation is still accepted at `now`. */
export function confirmationTimeAccepted(issuedAt: string, now: Date): boolean {
  const issued = Date.parse(issuedAt);
  if (Number.isNaN(issued)) return false;
  return (
    issued <= now.getTime() + CONFIRMATION_CLOCK_SKEW_MS &&
    now.getTime() - issued <= CONFIRMATION_WINDOW_MS
  );
}
