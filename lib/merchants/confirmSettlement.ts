import "server-only";
import { type Address, getAddress, type Hex, isAddressEqual } from "viem";
import { z } from "zod";
import { chainVouches } from "../chains/contractSignature";
import { getPaymentChains, type PaymentChain } from "../chains/registry";
import { DomainError } from "../errors";
import { type Merchant, settlementAddressFor } from "./merchants";
import { chainIdSchema, evmAddressSchema } from "./schemas";
import {
  CONFIRMATION_WINDOW_MS,
  confirmationTimeAccepted,
  settlementConfirmationTypedData,
} from "./settlementConfirmation";

/*
 * A settlement address other than the signed-in wallet's own, and other than the one already
 * saved, is written only once a signature from that address confirms it (the typed data of
 * ./settlementConfirmation). Otherwise a store could send its payments to an address it does not
 * control, or pose as another store by taking its address.
 */

/** One signed confirmation, as a request carries it (`settlement_confirmations[]`). */
export const settlementConfirmationSchema = z.strictObject({
  address: evmAddressSchema,
  chain_id: chainIdSchema,
  issued_at: z.iso.datetime({
    error: "expected the ISO 8601 time the message names, such as 2025-01-31T12:00:00.000Z",
  }),
  signature: z
    .string({ error: "expected a 0x hex signature" })
    .trim()
    .max(20_000, "at most 20,000 characters")
    .regex(/^0x(?:[0-9a-fA-F]{2})+$/, "expected a 0x hex signature"),
});
export type SettlementConfirmation = z.output<typeof settlementConfirmationSchema>;

export const settlementConfirmationsSchema = z
  .array(settlementConfirmationSchema, { error: "expected a list of confirmations" })
  .max(20, "at most 20 confirmations");

/** The settlement fields a change sets, checked and normalized (checksummed addresses). */
export type SettlementChanges = {
  settlementAddress?: string;
  settlementOverrides?: Record<string, string>;
};

/** An address a change needs confirmed: on `chainId`, or (the default address) on any chain. */
export type AddressToConfirm = { address: Address; chainId: number | null; param: string };

/**
 * The new addresses of a change that need a confirmation: the default one unless it is the
 * signed-in wallet's or unchanged; a chain's override unless it is the signed-in wallet's or
 * the address payments on that chain already go to.
 */
export function addressesToConfirm(
  current: Pick<Merchant, "settlementAddress" | "settlementOverrides">,
  signedIn: string,
  changes: SettlementChanges,
): AddressToConfirm[] {
  const exempt = (address: string, saved: string) =>
    isAddressEqual(address as Address, signedIn as Address) ||
    isAddressEqual(address as Address, saved as Address);
  const needed: AddressToConfirm[] = [];
  const next = changes.settlementAddress;
  if (next !== undefined && !exempt(next, current.settlementAddress)) {
    needed.push({ address: getAddress(next), chainId: null, param: "settlement_address" });
  }
  for (const [chainId, address] of Object.entries(changes.settlementOverrides ?? {})) {
    if (exempt(address, settlementAddressFor(current, Number(chainId)))) continue;
    needed.push({
      address: getAddress(address),
      chainId: Number(chainId),
      param: `settlement_overrides.${chainId}`,
    });
  }
  return needed;
}

/**
 * Refuses the change unless each address it needs confirmed has a valid confirmation among
 * `confirmations`: named for this deployment and merchant, issued within the last 15 minutes, and
 * signed by the address on the chain (an override's own chain; for the default address, the
 * configured chain the confirmation names). The chain's public client checks the signature, so an
 * ordinary account's ECDSA signature, a contract wallet's ERC-1271 answer (a Safe, a smart
 * account) and an ERC-6492 signature of a wallet not yet deployed all count.
 */
export async function confirmSettlementChanges(parameters: {
  merchant: Pick<Merchant, "id" | "settlementAddress" | "settlementOverrides">;
  signedIn: string;
  changes: SettlementChanges;
  confirmations: SettlementConfirmation[];
  publicUrl: string;
  chains?: PaymentChain[];
  now?: Date;
}): Promise<void> {
  const { merchant, signedIn, changes, confirmations } = parameters;
  const chains = parameters.chains ?? getPaymentChains();
  const now = parameters.now ?? new Date();
  const deployment = new URL(parameters.publicUrl).origin;
  for (const needed of addressesToConfirm(merchant, signedIn, changes)) {
    const forAddress = confirmations
      .map((confirmation, index) => ({ confirmation, index }))
      .filter(({ confirmation }) => isAddressEqual(confirmation.address, needed.address));
    const found = forAddress.find(
      ({ confirmation }) => needed.chainId === null || confirmation.chain_id === needed.chainId,
    );
    if (!found) throw unconfirmed(needed, forAddress.length > 0);
    const { confirmation, index } = found;
    const chain = chains.find((candidate) => candidate.id === confirmation.chain_id);
    if (!chain) {
      throw new DomainError(
        "parameter_invalid",
        `Invalid settlement_confirmations.${index}.chain_id: this deployment has no chain ${confirmation.chain_id}; its chains are ${chains.map((candidate) => candidate.id).join(", ")}.`,
        `settlement_confirmations.${index}.chain_id`,
      );
    }
    if (!confirmationTimeAccepted(confirmation.issued_at, now)) {
      throw new DomainError(
        "confirmation_expired",
        `The confirmation of ${needed.address} was issued at ${confirmation.issued_at}; it is accepted for ${CONFIRMATION_WINDOW_MS / 60_000} minutes from then (and not before). Sign a new one.`,
        needed.param,
      );
    }
    const typedData = settlementConfirmationTypedData({
      deployment,
      merchantId: merchant.id,
      address: needed.address,
      chainId: chain.id,
      issuedAt: confirmation.issued_at,
    });
    if (!(await signatureValid(chain, needed.address, typedData, confirmation.signature as Hex))) {
      throw new DomainError(
        "invalid_signature",
        `The signature does not confirm ${needed.address} for this store on ${chain.name} (chain ${chain.id}): it must be made by that address, over the message shown for this store and this time.`,
        needed.param,
      );
    }
  }
}

function unconfirmed(needed: AddressToConfirm, elsewhere: boolean): DomainError {
  const where =
    needed.chainId === null
      ? ""
      : ` on chain ${needed.chainId}${elsewhere ? " (the confirmation given is for another chain)" : ""}`;
  return new DomainError(
    "settlement_unconfirmed",
    `${needed.address} is not the signed-in wallet: payments go there only once that address signs a confirmation${where}.`,
    needed.param,
  );
}

export async function signatureValid(
  chain: PaymentChain,
  address: Address,
  typedData: ReturnType<typeof settlementConfirmationTypedData>,
  signature: Hex,
): Promise<boolean> {
  return chainVouches(
    chain,
    address,
    (client) => client.verifyTypedData({ address, signature, ...typedData }),
    "try again",
  );
}
