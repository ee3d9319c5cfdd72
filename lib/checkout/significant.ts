import { formatDecimal } from "../money/decimal";

/**
 * Base units rounded to a few significant digits, as a decimal string: for amounts the shopper
 * only needs the size of (a network fee), never for what they pay. Plain bigint arithmetic, so
 * the result is exactly the rounded amount. Whole units are never rounded away
 * (1234.5678 ETH to 3 digits is "1235").
 *
 * `up` for what the shopper needs (a fee is not understated), `down` for what they have.
 */
export function roundToSignificant(
  units: bigint,
  decimals: number,
  digits: number,
  direction: "up" | "down",
): string {
  if (units < 0n) throw new RangeError("a negative amount has no fee-style rounding");
  const drop = Math.min(units.toString().length - digits, decimals);
  if (drop <= 0) return formatDecimal(units, decimals, 2);
  const step = 10n ** BigInt(drop);
  const floor = (units / step) * step;
  const rounded = direction === "up" && floor !== units ? floor + step : floor;
  return formatDecimal(rounded, decimals, 2);
}
