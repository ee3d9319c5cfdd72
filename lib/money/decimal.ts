/**
 * Decimal strings at the edges, bigint base units inside. Nothing here ever rounds: an amount
 * with more fraction digits than allowed is an error, never a truncation.
 */

export type ParseDecimalErrorCode = "invalid" | "negative" | "too_many_decimals" | "too_large";

export class ParseDecimalError extends Error {
  override name = "ParseDecimalError";
  constructor(
    readonly code: ParseDecimalErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** 2^256 - 1: nothing on-chain can be larger. */
export const MAX_UINT256 = (1n << 256n) - 1n;

/** Parses a non-negative decimal string ("12.50") into base units with `decimals` digits. */
export function parseDecimal(value: string, decimals: number): bigint {
  const trimmed = value.trim();
  if (trimmed.startsWith("-") && DECIMAL.test(trimmed.slice(1))) {
    throw new ParseDecimalError("negative", "must not be negative");
  }
  const match = DECIMAL.exec(trimmed);
  if (!match) {
    throw new ParseDecimalError("invalid", 'must be a decimal number such as "12.50"');
  }
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) {
    throw new ParseDecimalError(
      "too_many_decimals",
      decimals === 0
        ? "must be a whole number"
        : `must have at most ${decimals} decimal place${decimals === 1 ? "" : "s"}`,
    );
  }
  const units = BigInt(whole + fraction.padEnd(decimals, "0"));
  if (units > MAX_UINT256) {
    throw new ParseDecimalError("too_large", "is too large");
  }
  return units;
}

/**
 * Formats base units as a decimal string with at least `minFractionDigits` fraction digits and
 * every significant digit kept (formatDecimal(1250n, 2) === "12.50",
 * formatDecimal(12505n, 3, 2) === "12.505").
 */
export function formatDecimal(units: bigint, decimals: number, minFractionDigits = 0): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  if (fraction.length < minFractionDigits) fraction = fraction.padEnd(minFractionDigits, "0");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Converts base units between two precisions; throws if that would drop a non-zero digit. */
export function rescale(units: bigint, fromDecimals: number, toDecimals: number): bigint {
  if (toDecimals >= fromDecimals) return units * 10n ** BigInt(toDecimals - fromDecimals);
  const divisor = 10n ** BigInt(fromDecimals - toDecimals);
  if (units % divisor !== 0n) {
    throw new RangeError(`${units} cannot be expressed with ${toDecimals} decimals`);
  }
  return units / divisor;
}
