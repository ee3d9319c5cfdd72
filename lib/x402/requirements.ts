import "server-only";
import type { PaymentRequired, PaymentRequirements } from "@x402/core/types";
import { getAddress } from "viem";
import { getPaymentChains } from "../chains/registry";
import { type StoredPaymentOption, tokenAmountDue } from "../invoices/paymentOptions";
import type { CurrencyCode } from "../money/currencies";
import { gaslessOffer } from "../relayer/offers";
import { MIN_VALIDITY_MS } from "../relayer/relayAuthorization";
import { warmRelayerState } from "../relayer/relayerState";

/** The protocol version served: x402 v2 (PAYMENT-REQUIRED / PAYMENT-SIGNATURE / PAYMENT-RESPONSE). */
export const X402_VERSION = 2;

/** How long a payer's authorization may stay valid (its `validBefore` is at most this far off). */
export const MAX_TIMEOUT_SECONDS = 300;

/** CAIP-2 network of an EVM chain, as x402 names it. */
export function networkOf(chainId: number): `eip155:${number}` {
  return `eip155:${chainId}`;
}

/** The chain id of an `eip155:<id>` network, or null for any other. */
export function chainIdOf(network: string): number | null {
  const match = /^eip155:([1-9][0-9]{0,15})$/.exec(network);
  return match ? Number(match[1]) : null;
}

/** One option's `exact` requirement, paired with the option it pays. */
export type OptionRequirement = { option: StoredPaymentOption; requirements: PaymentRequirements };

/**
 * The x402 `exact` requirements for paying `due` (currency units at CURRENCY_SCALE) with these
 * options: one per option offered gasless now (its token speaks EIP-3009, the merchant has it on,
 * the chain's relayer can pay within the fee cap), for the token amount due, to the option's
 * recipient, with the token's EIP-712 name and version. `expiresAt` bounds the payer's window.
 */
export async function exactRequirements(
  options: readonly StoredPaymentOption[],
  currency: CurrencyCode,
  due: bigint,
  expiresAt: Date | null,
  now = new Date(),
): Promise<OptionRequirement[]> {
  // The relayer's last snapshot says what is offered: read one first where none is at hand.
  const chainIds = new Set(options.filter((option) => option.gasless).map((o) => o.chainId));
  await Promise.all(
    getPaymentChains()
      .filter((chain) => chainIds.has(chain.id))
      .map((chain) => warmRelayerState(chain)),
  );
  const left = expiresAt
    ? Math.floor((expiresAt.getTime() - now.getTime()) / 1000)
    : MAX_TIMEOUT_SECONDS;
  if (left * 1000 < MIN_VALIDITY_MS * 2) return [];
  const found: OptionRequirement[] = [];
  for (const option of options) {
    const offer = gaslessOffer(option, currency);
    if ("refused" in offer) continue;
    found.push({
      option,
      requirements: {
        scheme: "exact",
        network: networkOf(option.chainId),
        asset: getAddress(option.token.address),
        amount: tokenAmountDue(due, option.token.decimals).toString(),
        payTo: getAddress(option.recipient),
        maxTimeoutSeconds: Math.min(MAX_TIMEOUT_SECONDS, left),
        extra: { name: offer.domain.name, version: offer.domain.version },
      },
    });
  }
  return found;
}

/** The 402 answer's content: what the resource is and what pays for it. */
export function paymentRequired(
  resource: { url: string; description: string },
  accepts: readonly OptionRequirement[],
  error?: string,
): PaymentRequired {
  return {
    x402Version: X402_VERSION,
    ...(error ? { error } : {}),
    resource: {
      url: resource.url,
      description: resource.description,
      mimeType: "application/json",
    },
    accepts: accepts.map((entry) => entry.requirements),
  };
}
