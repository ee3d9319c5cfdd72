import "server-only";
import { findPaymentChain } from "../chains/registry";
import type { StoredPaymentOption } from "../invoices/paymentOptions";
import type { CurrencyCode } from "../money/currencies";
import { parseDecimal } from "../money/decimal";
import type { TokenDomain } from "./authorization";
import { cachedRelayerState, feePerPayment, relayerSettingFor } from "./relayerState";

/**
 * What one payment's gas is worth in the invoice's currency (18 decimals), or null when the
 * deployment has no price for the chain's gas token in it. The local chain's test ether is worth
 * nothing unless GAS_TOKEN_PRICE_31337_<CURRENCY> says otherwise.
 */
export function feeInCurrency(chainId: number, fee: bigint, currency: CurrencyCode): bigint | null {
  const chain = findPaymentChain(chainId);
  if (!chain) return null;
  const price = relayerSettingFor(chain)?.gasTokenPrices[currency];
  if (price === undefined) return chain.local ? 0n : null;
  return (fee * price + 10n ** 18n - 1n) / 10n ** 18n;
}

/** Why an option is not offered for a signature now, or null when it is. */
export type GaslessRefusal =
  | "not_offered"
  | "relayer_unavailable"
  | "no_gas_token_price"
  | "fee_above_cap";

/**
 * The token domain to sign under when an option is offered gasless now: the invoice froze the
 * merchant's choice and cap with its options, and the chain's relayer (last snapshot) can pay,
 * knows the token's domain, and would spend no more than the cap on gas.
 */
export function gaslessOffer(
  option: StoredPaymentOption,
  currency: CurrencyCode,
): { domain: TokenDomain } | { refused: GaslessRefusal } {
  if (!option.gasless) return { refused: "not_offered" };
  const state = cachedRelayerState(option.chainId);
  const domain = state?.domains.get(option.token.address.toLowerCase());
  if (!state || state.problem || !domain) return { refused: "relayer_unavailable" };
  const fee = feeInCurrency(option.chainId, feePerPayment(state.fees), currency);
  if (fee === null) return { refused: "no_gas_token_price" };
  if (fee > parseDecimal(option.gasless.feeCap, 18)) return { refused: "fee_above_cap" };
  return { domain };
}
