import { formatDecimal } from "@/lib/money/decimal";

/** "25.00 USDC" from base units. */
export function formatTokenAmount(amount: string, decimals: number, symbol: string): string {
  return `${formatDecimal(BigInt(amount), decimals, 2)} ${symbol}`;
}

const CURRENCY_SYMBOLS: Record<string, string> = { USD: "$", EUR: "€" };

/** "$25.00" for USD and EUR, "25.00 XYZ" otherwise. */
export function formatFiat(amount: string, currency: string): string {
  const symbol = CURRENCY_SYMBOLS[currency];
  return symbol ? `${symbol}${amount}` : `${amount} ${currency}`;
}

export function shortHash(hash: string): string {
  return `${hash.slice(0, 10)}…${hash.slice(-8)}`;
}

export function explorerTxUrl(explorerUrl: string | null, hash: string): string | null {
  return explorerUrl ? `${explorerUrl.replace(/\/$/, "")}/tx/${hash}` : null;
}
