/**
 * "9,999.9998 ETH", "0.00412 ETH": an amount of a chain's gas token (a decimal string in whole
 * tokens) short enough to read: four decimals of an amount of at least one, three figures of a
 * fraction. Cut, never rounded up, so a balance under the floor never reads as the floor itself.
 */
export function gasAmount(amount: string, symbol: string): string {
  const [whole = "0", fraction = ""] = amount.split(".");
  const leadingZeros = /^0*/.exec(fraction)![0].length;
  const kept = fraction.slice(0, BigInt(whole) > 0n ? 4 : leadingZeros + 3).replace(/0+$/, "");
  return `${BigInt(whole).toLocaleString("en-US")}${kept ? `.${kept}` : ""} ${symbol}`;
}
