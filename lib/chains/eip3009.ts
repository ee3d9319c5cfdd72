import { parseAbi } from "viem";

/**
 * What a relayer needs of an EIP-3009 token (Circle's FiatToken v2.2: USDC, EURC): both forms of
 * transferWithAuthorization, the nonce check, the EIP-712 domain's parts and the balance. The
 * `bytes signature` form also accepts an ERC-1271 smart-contract wallet's signature.
 */
export const transferWithAuthorizationAbi = parseAbi([
  "function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)",
  "function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, bytes signature)",
  "function authorizationState(address authorizer, bytes32 nonce) view returns (bool)",
  "function name() view returns (string)",
  "function version() view returns (string)",
  "function DOMAIN_SEPARATOR() view returns (bytes32)",
  "function balanceOf(address account) view returns (uint256)",
  "event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)",
]);

/** The same ABI under the name lib/relayer imports it by. */
export const eip3009Abi = transferWithAuthorizationAbi;

/** EIP-712 types of a TransferWithAuthorization, field for field as FiatToken v2.2 hashes them. */
export const TRANSFER_WITH_AUTHORIZATION_TYPES = {
  TransferWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;
