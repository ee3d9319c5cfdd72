import { formatNumber } from "../i18n/format";
import { formatDecimal } from "./decimal";

const BASE_UNITS = /^-?\d+$/;

/**
 * Token base units for people: "1,234.50 USDC" in English, "1.234,50 USDC" in Spanish; grouped,
 * at least two decimals, every significant digit kept. Base units arrive as a bigint, or as the
 * integer string the API carries, and never pass through a JS number. Without a symbol, the
 * figure alone ("1,234.50").
 */
export function formatTokenAmount(
  units: bigint | string,
  decimals: number,
  symbol?: string,
  locale = "en",
): string {
  if (typeof units === "string" && !BASE_UNITS.test(units)) {
    throw new RangeError(`not an amount in base units: "${units}"`);
  }
  const figure = formatNumber(formatDecimal(BigInt(units), decimals, 2), locale);
  return symbol === undefined ? figure : `${figure} ${symbol}`;
}
