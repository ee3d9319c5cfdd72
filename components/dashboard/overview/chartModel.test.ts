import { describe, expect, it } from "vitest";
import { axisFor, currencyCharts, shortDay, tickLabel } from "./chartModel";

const ONE = 10n ** 18n;

describe("axisFor", () => {
  it("puts the top at a round value at or above the tallest day, in four steps", () => {
    expect(axisFor(17n * ONE + ONE / 2n)).toEqual({
      axisMax: 20n * ONE,
      ticks: [0n, 5n * ONE, 10n * ONE, 15n * ONE, 20n * ONE],
    });
    expect(axisFor(0n).axisMax).toBe(4n * (ONE / 100n));
    expect(axisFor(1000n * ONE).axisMax).toBe(1000n * ONE);
    expect(axisFor(1001n * ONE).axisMax).toBe(2000n * ONE);
  });

  it("labels ticks in whole units, or with cents below one", () => {
    expect(tickLabel(1500n * ONE)).toBe("1,500");
    expect(tickLabel(ONE / 2n)).toBe("0.50");
    expect(tickLabel(0n)).toBe("0");
  });
});

describe("currencyCharts", () => {
  it("gives each currency its own chart, stacking tokens of different decimals exactly", () => {
    const days = ["2026-11-24", "2026-11-25"];
    const charts = currencyCharts(
      {
        days,
        series: [
          {
            currency: "EUR",
            chainId: 1,
            tokenSymbol: "EURC",
            tokenDecimals: 6,
            perDay: [0n, 3_000_000n],
            total: 3_000_000n,
          },
          {
            currency: "USD",
            chainId: 56,
            tokenSymbol: "USDT",
            tokenDecimals: 18,
            perDay: [2n * ONE, 0n],
            total: 2n * ONE,
          },
          {
            currency: "USD",
            chainId: 8453,
            tokenSymbol: "USDC",
            tokenDecimals: 6,
            perDay: [1_500_000n, 0n],
            total: 1_500_000n,
          },
        ],
      },
      (id) => ({ 1: "Ethereum", 56: "BNB Smart Chain", 8453: "Base" })[id] ?? `Chain ${id}`,
    );
    expect(charts.map((chart) => chart.currency)).toEqual(["EUR", "USD"]);
    const usd = charts[1]!;
    expect(usd.series.map((series) => series.label)).toEqual([
      "USDT on BNB Smart Chain",
      "USDC on Base",
    ]);
    expect(usd.series[1]!.perDayUnits).toEqual([(3n * ONE) / 2n, 0n]);
    expect(usd.series[0]!.perDay).toEqual(["2.00", "0.00"]);
    // The tallest day is 3.50: the axis goes to 4.
    expect(usd.axisMax).toBe(4n * ONE);
    expect(new Set(charts.flatMap((c) => c.series.map((s) => s.color.fill))).size).toBe(3);
  });

  it("writes days as people read them", () => {
    expect(shortDay("2026-11-05")).toBe("Nov 5");
  });
});
