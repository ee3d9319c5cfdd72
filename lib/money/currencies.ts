import { formatDecimal, parseDecimal } from "./decimal";

/**
 * Invoice-level amounts (amount, amount_paid, amount_due) are kept at this precision of the
 * invoice's currency, so that payments in tokens of any number of decimals add up exactly.
 */
export const CURRENCY_SCALE = 18;

export const currencies = {
  USD: { code: "USD", decimals: 2, symbol: "$" },
  EUR: { code: "EUR", decimals: 2, symbol: "€" },
} as const;

export type CurrencyCode = keyof typeof currencies;

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(currencies, value);
}

/** "12.50" USD -> 12.5 * 10^18. Throws ParseDecimalError for anything the currency cannot hold. */
export function parseCurrencyAmount(value: string, currency: CurrencyCode): bigint {
  const minor = parseDecimal(value, currencies[currency].decimals);
  return minor * 10n ** BigInt(CURRENCY_SCALE - currencies[currency].decimals);
}

/** 12.5 * 10^18 USD -> "12.50"; keeps digits beyond cents when a payment carried them. */
export function formatCurrencyAmount(value: bigint, currency: CurrencyCode): string {
  return formatDecimal(value, CURRENCY_SCALE, currencies[currency].decimals);
}

/** Token base units -> invoice-level units (a stablecoin is worth one unit of its currency). */
export function tokenToCurrencyUnits(amount: bigint, tokenDecimals: number): bigint {
  if (tokenDecimals > CURRENCY_SCALE) {
    throw new RangeError(`tokens with more than ${CURRENCY_SCALE} decimals are not supported`);
  }
  return amount * 10n ** BigInt(CURRENCY_SCALE - tokenDecimals);
}

/**
 * Invoice-level units -> token base units. An invoice amount has at most the currency's decimals
 * (2), so this is exact for every token with at least that many.
 */
export function currencyToTokenUnits(value: bigint, tokenDecimals: number): bigint {
  const divisor = 10n ** BigInt(CURRENCY_SCALE - tokenDecimals);
  if (value % divisor !== 0n) {
    throw new RangeError(`amount cannot be paid exactly with a ${tokenDecimals}-decimal token`);
  }
  return value / divisor;
}
