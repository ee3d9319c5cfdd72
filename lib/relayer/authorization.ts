import {
  type Address,
  concatHex,
  encodePacked,
  getAddress,
  type Hex,
  keccak256,
  sliceHex,
  type TypedDataDomain,
} from "viem";
import { TRANSFER_WITH_AUTHORIZATION_TYPES } from "../chains/eip3009";

/** The EIP-712 domain a token signs under (its name and version, the chain, the token). */
export type TokenDomain = {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
};

/** What an authorization for an option must say; the shopper's wallet adds `from`. */
export type AuthorizationTerms = {
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

/**
 * The EIP-3009 nonce of an invoice's option: the invoice's 16-byte reference, then 16 bytes that
 * pin the chain, token, recipient and amount. The reference comes first so the transfer names its
 * invoice on-chain (the watcher binds a transferWithAuthorization by it, whoever broadcast it);
 * the rest makes a nonce for one amount useless for another, so paying the rest of a partly paid
 * invoice takes a new signature rather than colliding with the first.
 */
export function authorizationNonce(parameters: {
  reference: Hex;
  chainId: number;
  token: Address;
  recipient: Address;
  value: bigint;
}): Hex {
  const tail = keccak256(
    encodePacked(
      ["uint256", "address", "address", "uint256"],
      [
        BigInt(parameters.chainId),
        getAddress(parameters.token),
        getAddress(parameters.recipient),
        parameters.value,
      ],
    ),
  );
  return concatHex([parameters.reference, sliceHex(tail, 0, 16)]);
}

/** The reference an authorization nonce names (its first 16 bytes). */
export function referenceOfNonce(nonce: Hex): Hex {
  return sliceHex(nonce, 0, 16);
}

/** The typed data a shopper signs for an option: everything but `from`, which is theirs. */
export function authorizationTypedData(domain: TokenDomain, terms: AuthorizationTerms) {
  return {
    domain: domain satisfies TypedDataDomain,
    types: {
      TransferWithAuthorization: TRANSFER_WITH_AUTHORIZATION_TYPES.TransferWithAuthorization.map(
        (field) => ({ ...field }),
      ),
    },
    primaryType: "TransferWithAuthorization" as const,
    message: {
      to: terms.to,
      value: terms.value.toString(),
      validAfter: terms.validAfter.toString(),
      validBefore: terms.validBefore.toString(),
      nonce: terms.nonce,
    },
  };
}

/** The window an option's authorization is valid in: from any time until the invoice expires. */
export function authorizationWindow(expiresAt: Date): { validAfter: bigint; validBefore: bigint } {
  return { validAfter: 0n, validBefore: BigInt(Math.floor(expiresAt.getTime() / 1000)) };
}
