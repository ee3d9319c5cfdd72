import { type Address, getAddress, type Hex, isAddressEqual } from "viem";
import { TRANSFER_WITH_AUTHORIZATION_TYPES } from "@/lib/chains/eip3009";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";

/**
 * An option's offer to be paid by signature (EIP-3009), read from its `authorization`: what the
 * shopper is shown and signs. Amounts and times are bigints; the wire has decimal strings.
 */
export type TransferAuthorizationOffer = {
  domain: { name: string; version: string; chainId: number; verifyingContract: Address };
  to: Address;
  /** Token base units. */
  value: bigint;
  /** Unix seconds. */
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

/**
 * The option's signature offer, or null: none offered, or one that does not pay exactly this
 * option (its token on its chain, its recipient, its amount). The page shows the shopper the
 * option and has the wallet sign the offer, so the two must say the same.
 */
export function authorizationOffer(option: PaymentOption): TransferAuthorizationOffer | null {
  const authorization = option.authorization;
  if (!authorization) return null;
  const { domain, message } = authorization;
  const offer = {
    domain: { ...domain, verifyingContract: getAddress(domain.verifyingContract) },
    to: getAddress(message.to),
    value: BigInt(message.value),
    validAfter: BigInt(message.validAfter),
    validBefore: BigInt(message.validBefore),
    nonce: message.nonce as Hex,
  };
  const paysThisOption =
    authorization.primaryType === "TransferWithAuthorization" &&
    domain.chainId === option.chain_id &&
    isAddressEqual(domain.verifyingContract, option.token.address) &&
    isAddressEqual(offer.to, option.recipient) &&
    offer.value === BigInt(option.amount);
  return paysThisOption ? offer : null;
}

/** The EIP-712 typed data the wallet signs: the offer, from the shopper's address. */
export function typedDataToSign(offer: TransferAuthorizationOffer, from: Address) {
  return {
    domain: offer.domain,
    types: TRANSFER_WITH_AUTHORIZATION_TYPES,
    primaryType: "TransferWithAuthorization" as const,
    message: {
      from,
      to: offer.to,
      value: offer.value,
      validAfter: offer.validAfter,
      validBefore: offer.validBefore,
      nonce: offer.nonce,
    },
  };
}
