import { type Address, getAddress } from "viem";
import { eurc, usdc } from "viem/tokens";
import type { CurrencyCode } from "../money/currencies";

export type KnownStablecoin = {
  symbol: string;
  name: string;
  decimals: number;
  currency: CurrencyCode;
  /** Supports EIP-3009 transferWithAuthorization (Circle's FiatToken: USDC, EURC); USDT does not. */
  eip3009: boolean;
  addresses: Record<number, Address>;
};

/**
 * Tether's USDT deployments; viem/tokens does not list them. Addresses from Tether's
 * transparency page. On BNB Smart Chain it has 18 decimals, elsewhere 6.
 */
const usdtSixDecimals: Record<number, Address> = {
  1: "0xdAC17F958D2ee523a2206206994597C13D831ec7",
  10: "0x94b008aA00579c1307B0EF2c499aD98a8ce58e58",
  137: "0xc2132D05D31c914a87C6611C10748AEb04B58e8F",
  42161: "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9",
  43114: "0x9702230A8Ea53601f5cD2dc00fDBc13d4dF4A8c7",
};

export const knownStablecoins: KnownStablecoin[] = [
  {
    symbol: "USDC",
    name: "USD Coin",
    decimals: 6,
    currency: "USD",
    eip3009: true,
    addresses: usdc.addresses,
  },
  {
    symbol: "USDT",
    name: "Tether USD",
    decimals: 6,
    currency: "USD",
    eip3009: false,
    addresses: usdtSixDecimals,
  },
  {
    symbol: "USDT",
    name: "Tether USD",
    decimals: 18,
    currency: "USD",
    eip3009: false,
    addresses: { 56: "0x55d398326f99059fF775485246999027B3197955" },
  },
  {
    symbol: "EURC",
    name: "EURC",
    decimals: 6,
    currency: "EUR",
    eip3009: true,
    addresses: eurc.addresses,
  },
];

export type ChainToken = {
  symbol: string;
  name: string;
  address: Address;
  decimals: number;
  currency: CurrencyCode;
  /** Supports EIP-3009 transferWithAuthorization, so a relayer can pay the gas of a payment. */
  eip3009: boolean;
};

/** The stablecoins known on a production chain, optionally limited to some symbols. */
export function stablecoinsOn(chainId: number, symbols: string[] | null): ChainToken[] {
  const tokens: ChainToken[] = [];
  for (const known of knownStablecoins) {
    const address = known.addresses[chainId];
    if (!address) continue;
    if (symbols && !symbols.includes(known.symbol)) continue;
    tokens.push({
      symbol: known.symbol,
      name: known.name,
      address: getAddress(address),
      decimals: known.decimals,
      currency: known.currency,
      eip3009: known.eip3009,
    });
  }
  return tokens;
}
