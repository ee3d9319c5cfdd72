import { describe, expect, it } from "vitest";
import { formatTolerancePercent, parseTolerancePercent } from "./tolerance";

describe("underpayment tolerance as a percentage", () => {
  it.each([
    ["0", 0],
    ["1", 100],
    ["1.5", 150],
    ["1.25", 125],
    ["0.01", 1],
    ["5", 500],
    [" 2.5% ", 250],
    ["7", 700],
  ])("%j is %i basis points", (text, bps) => {
    expect(parseTolerancePercent(text)).toBe(bps);
  });

  it.each(["", "abc", "1.255", "-1", "1,5", ".5", "1e2", "1.", "1000"])(
    "%j is not a percentage with up to two decimals",
    (text) => {
      expect(parseTolerancePercent(text)).toBeNull();
    },
  );

  it.each([
    [0, "0"],
    [1, "0.01"],
    [50, "0.5"],
    [125, "1.25"],
    [500, "5"],
  ])("%i basis points show as %s%%", (bps, text) => {
    expect(formatTolerancePercent(bps)).toBe(text);
    expect(parseTolerancePercent(text)).toBe(bps);
  });
});
