import { formatDecimal, ParseDecimalError, parseDecimal } from "./decimal";

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

/**
 * The largest amount anyone may state, in whole units of any currency: far above any real
 * checkout, and far below what the database's numeric(78,0) holds at CURRENCY_SCALE.
 */
export const MAX_AMOUNT_WHOLE_UNITS = 1_000_000_000n;
/** MAX_AMOUNT_WHOLE_UNITS at the invoice-level scale. */
export const MAX_CURRENCY_AMOUNT = MAX_AMOUNT_WHOLE_UNITS * 10n ** BigInt(CURRENCY_SCALE);

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(currencies, value);
}

/**
 * "12.50" USD -> 12.5 * 10^18. Throws ParseDecimalError for anything the currency cannot hold,
 * and for more than MAX_AMOUNT_WHOLE_UNITS.
 */
export function parseCurrencyAmount(value: string, currency: CurrencyCode): bigint {
  let minor: bigint;
  try {
    minor = parseDecimal(value, currencies[currency].decimals);
  } catch (error) {
    // Past uint256: say what the limit is, as for any amount above it.
    if (error instanceof ParseDecimalError && error.code === "too_large") throw tooLarge(currency);
    throw error;
  }
  const units = minor * 10n ** BigInt(CURRENCY_SCALE - currencies[currency].decimals);
  if (units > MAX_CURRENCY_AMOUNT) throw tooLarge(currency);
  return units;
}

/** The error for an amount (or a total) above MAX_CURRENCY_AMOUNT. */
export function tooLarge(currency: CurrencyCode): ParseDecimalError {
  return new ParseDecimalError(
    "too_large",
    `must be at most ${formatCurrencyAmount(MAX_CURRENCY_AMOUNT, currency)}`,
  );
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
