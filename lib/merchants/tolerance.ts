/*
 * The underpayment tolerance as people write it (a percentage with up to two decimals, "1.25")
 * and as it is stored (whole basis points, 125). Plain string arithmetic: no floating point.
 */

/** "1.25", "1.25%", "0", "5" -> basis points; null when it is not such a percentage. */
export function parseTolerancePercent(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 125 -> "1.25", 50 -> "0.5", 0 -> "0". */
export function formatTolerancePercent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}
