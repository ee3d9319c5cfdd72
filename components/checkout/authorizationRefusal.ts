import type { MessageKey } from "@/lib/i18n/messages/en";
import type { PayMethod } from "./checkoutState";
import type { WalletErrorMessage } from "./walletErrors";

/** What the page does when the server refuses a signed authorization. */
export type AuthorizationRefusal = {
  /** The sentence the shopper reads, saying what to do next. */
  error: WalletErrorMessage;
  /** The way to pay the page turns to: signing cannot pay this invoice now. */
  method?: PayMethod;
  /** The invoice may have moved on (paid in part, a payment on its way): read it again. */
  refresh: boolean;
};

type Refusal = { key: MessageKey; method?: PayMethod; refresh?: boolean };

const REFUSALS: Record<string, Refusal> = {
  gasless_unavailable: { key: "authorization.gasless_unavailable", method: "transaction" },
  relayer_unavailable: { key: "authorization.relayer_unavailable", method: "transaction" },
  authorization_mismatch: { key: "authorization.authorization_mismatch", refresh: true },
  invalid_signature: { key: "authorization.invalid_signature" },
  authorization_expired: { key: "authorization.authorization_expired", refresh: true },
  authorization_used: { key: "authorization.authorization_used", refresh: true },
  insufficient_balance: { key: "authorization.insufficient_balance" },
  payment_in_progress: { key: "authorization.payment_in_progress", refresh: true },
  invoice_not_payable: { key: "rejection.invoice_not_payable", refresh: true },
  rate_limited: { key: "authorization.rate_limited" },
  chain_unavailable: { key: "authorization.chain_unavailable" },
  unreachable: { key: "authorization.unreachable" },
};

/**
 * A refusal code of POST /api/checkout/{id}/authorizations as a sentence the shopper can act on.
 * `tokenSymbol` is the option's token, `gasSymbol` its chain's gas token.
 */
export function authorizationRefusal(
  code: string,
  symbols: { tokenSymbol: string; gasSymbol: string },
): AuthorizationRefusal {
  const refusal = Object.hasOwn(REFUSALS, code)
    ? (REFUSALS[code] as Refusal)
    : { key: "authorization.unknown" as const };
  const symbol =
    refusal.key === "authorization.insufficient_balance" ? symbols.tokenSymbol : symbols.gasSymbol;
  return {
    error: { key: refusal.key, values: { symbol } },
    ...(refusal.method ? { method: refusal.method } : {}),
    refresh: refusal.refresh ?? false,
  };
}
