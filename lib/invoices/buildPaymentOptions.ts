import type { PaymentChain } from "../chains/registry";
import type { AcceptedToken } from "../db/schema";
import { DomainError } from "../errors";
import { settlementAddressFor } from "../merchants/merchants";
import type { CurrencyCode } from "../money/currencies";
import { DEFAULT_GASLESS_FEE_CAP } from "../relayer/feeCap";
import type { StoredPaymentOption } from "./paymentOptions";

type MerchantTerms = {
  settlementAddress: string;
  settlementOverrides: Record<string, string>;
  acceptedTokens: AcceptedToken[] | null;
  /** Offer gasless payment where the token allows it (default on), under these fee caps. */
  gaslessEnabled?: boolean;
  gaslessFeeCaps?: Record<string, string>;
};

/** Chains whose money matches the key's mode: test keys see test networks only, live keys live. */
export function chainsForMode(chains: readonly PaymentChain[], livemode: boolean): PaymentChain[] {
  return chains.filter((chain) => chain.testnet !== livemode);
}

/**
 * The chains and tokens an invoice can be paid with: those of the deployment in the key's mode
 * that the merchant accepts, in the invoice's currency, narrowed to `accept` when it is given.
 * Each pays the merchant's settlement address for that chain.
 */
export function buildPaymentOptions(parameters: {
  merchant: MerchantTerms;
  chains: readonly PaymentChain[];
  livemode: boolean;
  currency: CurrencyCode;
  accept?: readonly { chain_id: number; token: string }[];
}): StoredPaymentOption[] {
  const { merchant, livemode, currency, accept } = parameters;
  const available = chainsForMode(parameters.chains, livemode).flatMap((chain) =>
    chain.tokens
      .filter(
        (token) =>
          merchant.acceptedTokens === null ||
          merchant.acceptedTokens.some(
            (accepted) => accepted.chainId === chain.id && accepted.symbol === token.symbol,
          ),
      )
      .map((token) => ({ chain, token })),
  );

  let chosen = available;
  if (accept) {
    chosen = accept.map((wanted, index) => {
      const match = available.find(
        ({ chain, token }) => chain.id === wanted.chain_id && token.symbol === wanted.token,
      );
      if (!match) {
        throw new DomainError(
          "parameter_invalid",
          `Invalid accept: ${wanted.token} on chain ${wanted.chain_id} is not among the chains and tokens you accept in ${livemode ? "live" : "test"} mode.`,
          `accept.${index}`,
        );
      }
      if (match.token.currency !== currency) {
        throw new DomainError(
          "parameter_invalid",
          `Invalid accept: ${wanted.token} pays ${match.token.currency} invoices, not ${currency}.`,
          `accept.${index}`,
        );
      }
      return match;
    });
  }

  const options = chosen
    .filter(({ token }) => token.currency === currency)
    .map(({ chain, token }) => ({
      chainId: chain.id,
      chainName: chain.name,
      token: {
        symbol: token.symbol,
        name: token.name,
        address: token.address,
        decimals: token.decimals,
        currency: token.currency,
      },
      recipient: settlementAddressFor(merchant, chain.id),
      gasless:
        token.eip3009 && merchant.gaslessEnabled !== false
          ? { feeCap: merchant.gaslessFeeCaps?.[String(chain.id)] ?? DEFAULT_GASLESS_FEE_CAP }
          : null,
    }));
  if (options.length === 0) {
    throw new DomainError(
      "currency_not_accepted",
      `None of the ${livemode ? "live" : "test"} chains and tokens you accept here takes ${currency}, so a ${currency} invoice could not be paid.`,
      "currency",
    );
  }
  return options;
}
