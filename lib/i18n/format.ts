import { formatDecimal, parseDecimal } from "../money/decimal";

/*
 * Amounts are formatted from their decimal strings, never through a JS number: Intl.NumberFormat
 * takes a string as an exact decimal (ECMA-402 NumberFormat v3, in Node 20 and every current
 * browser), so no digit is rounded away however long the amount.
 */

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

function fractionDigits(amount: string): number {
  const dot = amount.indexOf(".");
  return dot === -1 ? 0 : amount.length - dot - 1;
}

/** Intl's limit on fraction digits; no token has more than 18. */
const MAX_FRACTION_DIGITS = 20;

function checked(amount: string): number {
  if (!DECIMAL_STRING.test(amount)) throw new RangeError(`not a decimal string: "${amount}"`);
  if (fractionDigits(amount) > MAX_FRACTION_DIGITS) {
    throw new RangeError(`more than ${MAX_FRACTION_DIGITS} fraction digits: "${amount}"`);
  }
  // The string itself goes to format(), which reads it as an exact decimal; TypeScript's ES2022
  // lib only declares number | bigint there.
  return amount as unknown as number;
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

/** "$1,234.50", "1234,50 US$", "US$1,234.50": an invoice amount in its currency, per locale. */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const digits = Math.max(2, fractionDigits(amount));
  return formatter(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(checked(amount));
}

/** "1,234.506144" (en) or "1.234,506144" (es): a plain decimal string, every digit kept. */
export function formatNumber(amount: string, locale: string): string {
  const digits = Math.max(2, fractionDigits(amount));
  return formatter(locale, {
    minimumFractionDigits: Math.min(2, digits),
    maximumFractionDigits: digits,
  }).format(checked(amount));
}

/** quantity × unit amount, exactly, as a decimal string with the unit amount's precision. */
export function lineTotal(unitAmount: string, quantity: number): string {
  const digits = Math.max(2, fractionDigits(unitAmount));
  return formatDecimal(parseDecimal(unitAmount, digits) * BigInt(quantity), digits, 2);
}

/** a - b for two decimal strings (a >= b), exactly. */
export function subtractAmounts(a: string, b: string): string {
  const digits = Math.max(2, fractionDigits(a), fractionDigits(b));
  return formatDecimal(parseDecimal(a, digits) - parseDecimal(b, digits), digits, 2);
}
