import type { DailyReceipts, ReceiptSeries } from "@/lib/dashboard/overview";
import { CURRENCY_SCALE, tokenToCurrencyUnits } from "@/lib/money/currencies";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";

/** Fill and swatch classes, in legend order; spelled out so Tailwind keeps them. */
export const SERIES_COLORS = [
  { fill: "fill-indigo-500", swatch: "bg-indigo-500" },
  { fill: "fill-teal-500", swatch: "bg-teal-500" },
  { fill: "fill-amber-500", swatch: "bg-amber-500" },
  { fill: "fill-rose-500", swatch: "bg-rose-500" },
  { fill: "fill-sky-500", swatch: "bg-sky-500" },
  { fill: "fill-violet-500", swatch: "bg-violet-500" },
  { fill: "fill-lime-600", swatch: "bg-lime-600" },
  { fill: "fill-orange-500", swatch: "bg-orange-500" },
] as const;

export type ChartSeries = {
  key: string;
  /** "USDC on Base" */
  label: string;
  tokenSymbol: string;
  color: (typeof SERIES_COLORS)[number];
  /** Token amounts per day as decimal strings ("12.50"), for titles and the table. */
  perDay: string[];
  /** The same at the currency's 18-decimal precision, so tokens of any decimals stack. */
  perDayUnits: bigint[];
  total: string;
};

export type CurrencyChart = {
  currency: string;
  days: string[];
  series: ChartSeries[];
  /** The axis top and its ticks, in the currency's invoice-level units (18 decimals). */
  axisMax: bigint;
  ticks: bigint[];
};

const ONE = 10n ** BigInt(CURRENCY_SCALE);
const CENT = ONE / 100n;

/** The smallest 1, 2, 2.5 or 5 times a power of ten (in cents) at least `cents`. */
function niceStep(cents: bigint): bigint {
  let power = 1n;
  for (;;) {
    const candidates = [
      power,
      2n * power,
      ...(power >= 10n ? [(5n * power) / 2n] : []),
      5n * power,
    ];
    for (const candidate of candidates) if (candidate >= cents) return candidate;
    power *= 10n;
  }
}

/** Four even ticks whose top is at or above the tallest day. */
export function axisFor(maxUnits: bigint): { axisMax: bigint; ticks: bigint[] } {
  const maxCents = (maxUnits + CENT - 1n) / CENT;
  const step = niceStep(maxCents === 0n ? 1n : (maxCents + 3n) / 4n) * CENT;
  const ticks = [0n, step, 2n * step, 3n * step, 4n * step];
  return { axisMax: 4n * step, ticks };
}

/** One chart per invoice currency (a dollar and a euro never share a bar). */
export function currencyCharts(
  receipts: DailyReceipts,
  chainName: (chainId: number) => string,
): CurrencyChart[] {
  const byCurrency = new Map<string, ReceiptSeries[]>();
  for (const series of receipts.series) {
    byCurrency.set(series.currency, [...(byCurrency.get(series.currency) ?? []), series]);
  }
  let colorIndex = 0;
  return [...byCurrency.entries()].map(([currency, list]) => {
    const series: ChartSeries[] = list.map((item) => ({
      key: `${item.chainId}:${item.tokenSymbol}:${item.tokenDecimals}`,
      label: `${item.tokenSymbol} on ${chainName(item.chainId)}`,
      tokenSymbol: item.tokenSymbol,
      color: SERIES_COLORS[colorIndex++ % SERIES_COLORS.length]!,
      perDay: item.perDay.map((units) => formatTokenAmount(units, item.tokenDecimals)),
      perDayUnits: item.perDay.map((units) => tokenToCurrencyUnits(units, item.tokenDecimals)),
      total: formatTokenAmount(item.total, item.tokenDecimals),
    }));
    let max = 0n;
    receipts.days.forEach((_, index) => {
      const day = series.reduce((sum, item) => sum + (item.perDayUnits[index] ?? 0n), 0n);
      if (day > max) max = day;
    });
    return { currency, days: receipts.days, series, ...axisFor(max) };
  });
}

/** A tick label: whole units when it is whole ("1,500"), else with cents ("0.50"). */
export function tickLabel(units: bigint): string {
  return units % ONE === 0n
    ? formatTokenAmount(units / ONE, 0).replace(/\.00$/, "")
    : formatTokenAmount(units / CENT, 2);
}

/** "2026-11-05" -> "Nov 5" (the day is already UTC). */
export function shortDay(day: string): string {
  return new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}
