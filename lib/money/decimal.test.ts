import { describe, expect, it } from "vitest";
import {
  formatDecimal,
  MAX_UINT256,
  ParseDecimalError,
  type ParseDecimalErrorCode,
  parseDecimal,
  rescale,
} from "./decimal";

/** The code of the ParseDecimalError `parse` throws; fails the test if it throws nothing else. */
function errorCode(parse: () => unknown): ParseDecimalErrorCode {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ParseDecimalError);
    return (error as ParseDecimalError).code;
  }
  throw new Error("expected a ParseDecimalError, but nothing was thrown");
}

/** mulberry32: a tiny seeded PRNG, so a failing random case reproduces from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random bigint in [0, MAX_UINT256], with a random bit length so small values are common. */
function randomUnits(next: () => number): bigint {
  const bits = Math.floor(next() * 257);
  let value = 0n;
  for (let i = 0; i < bits; i += 16) value = (value << 16n) | BigInt(Math.floor(next() * 65536));
  return value & ((1n << BigInt(bits)) - 1n);
}

describe("parseDecimal", () => {
  it.each([
    ["12.50", 2, 1250n],
    ["12.5", 2, 1250n],
    ["12", 2, 1200n],
    ["0", 2, 0n],
    ["0.01", 2, 1n],
    ["0.00", 2, 0n],
    ["1000000.00", 2, 100_000_000n],
    ["12.50", 18, 12_500_000_000_000_000_000n],
    ["1", 6, 1_000_000n],
    ["0.000001", 6, 1n],
    ["7", 0, 7n],
  ])("parses %j with %i decimals as %s", (value, decimals, expected) => {
    expect(parseDecimal(value, decimals)).toBe(expected);
  });

  it("accepts trailing zeros beyond the allowed decimals, since they lose nothing", () => {
    expect(parseDecimal("1.2300", 2)).toBe(123n);
    expect(parseDecimal("5.000000", 0)).toBe(5n);
    expect(parseDecimal("0.10000000000000000000000", 1)).toBe(1n);
  });

  it("accepts leading zeros in the whole part", () => {
    expect(parseDecimal("007.5", 2)).toBe(750n);
  });

  // Documented behaviour: surrounding whitespace (spaces, tabs, newlines) is trimmed, not refused.
  it("trims whitespace around the value", () => {
    expect(parseDecimal(" 12.50 ", 2)).toBe(1250n);
    expect(parseDecimal("\t12.5\n", 2)).toBe(1250n);
  });

  it("refuses more significant decimals than allowed instead of rounding", () => {
    expect(errorCode(() => parseDecimal("1.234", 2))).toBe("too_many_decimals");
    expect(errorCode(() => parseDecimal("0.001", 2))).toBe("too_many_decimals");
    expect(errorCode(() => parseDecimal("1.0000001", 6))).toBe("too_many_decimals");
    expect(errorCode(() => parseDecimal("1.5", 0))).toBe("too_many_decimals");
  });

  it("explains the decimal limit in words", () => {
    expect(() => parseDecimal("1.234", 2)).toThrow("must have at most 2 decimal places");
    expect(() => parseDecimal("1.23", 1)).toThrow("must have at most 1 decimal place");
    expect(() => parseDecimal("1.5", 0)).toThrow("must be a whole number");
  });

  it.each([
    "abc",
    "",
    " ",
    "1.",
    ".5",
    "1e3",
    "0x10",
    "1,00",
    "+1",
    "1.2.3",
    "١٢",
    "１２",
    "1 000",
    "12.5abc",
    "NaN",
    "Infinity",
    "1_000",
  ])("refuses %j as invalid", (value) => {
    expect(errorCode(() => parseDecimal(value, 2))).toBe("invalid");
  });

  it("refuses whitespace inside the number even though it trims around it", () => {
    expect(errorCode(() => parseDecimal("12. 50", 2))).toBe("invalid");
  });

  it.each(["-1", "-0.01", " -12.50"])("refuses %j as negative", (value) => {
    expect(errorCode(() => parseDecimal(value, 2))).toBe("negative");
  });

  it("accepts 2^256 - 1 base units and refuses anything larger", () => {
    expect(parseDecimal(MAX_UINT256.toString(), 0)).toBe(MAX_UINT256);
    expect(errorCode(() => parseDecimal((MAX_UINT256 + 1n).toString(), 0))).toBe("too_large");
    expect(errorCode(() => parseDecimal("1".padEnd(100, "0"), 0))).toBe("too_large");
  });

  it("counts the scaled base units, not the written number, against the limit", () => {
    // MAX_UINT256 has 78 digits: a 77-digit whole number still overflows once scaled by 10^2.
    const whole = (MAX_UINT256 / 10n).toString();
    expect(errorCode(() => parseDecimal(whole, 2))).toBe("too_large");
    expect(parseDecimal(formatDecimal(MAX_UINT256, 2), 2)).toBe(MAX_UINT256);
  });

  it("throws errors that say what is wrong", () => {
    const error = (() => {
      try {
        parseDecimal("abc", 2);
      } catch (caught) {
        return caught as ParseDecimalError;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error?.name).toBe("ParseDecimalError");
    expect(error?.message).toContain("12.50");
  });
});

describe("formatDecimal", () => {
  it.each([
    [1250n, 2, 0, "12.5"],
    [1250n, 2, 2, "12.50"],
    [1200n, 2, 0, "12"],
    [1200n, 2, 2, "12.00"],
    [0n, 2, 0, "0"],
    [0n, 2, 2, "0.00"],
    [1n, 2, 2, "0.01"],
    [5n, 6, 0, "0.000005"],
    [12505n, 3, 2, "12.505"],
    [12_500_000_000_000_000_000n, 18, 2, "12.50"],
    [7n, 0, 0, "7"],
    [7n, 0, 2, "7.00"],
  ])("formats %s with %i decimals (at least %i shown) as %j", (units, decimals, min, expected) => {
    expect(formatDecimal(units, decimals, min)).toBe(expected);
  });

  it("never drops significant digits to honour the minimum", () => {
    expect(formatDecimal(123_456n, 6, 2)).toBe("0.123456");
  });

  it("formats negative amounts with a leading minus", () => {
    expect(formatDecimal(-1250n, 2)).toBe("-12.5");
    expect(formatDecimal(-1250n, 2, 2)).toBe("-12.50");
    expect(formatDecimal(-5n, 2, 2)).toBe("-0.05");
    expect(formatDecimal(-7n, 0)).toBe("-7");
  });

  it("formats the largest on-chain amount exactly", () => {
    expect(formatDecimal(MAX_UINT256, 0)).toBe(MAX_UINT256.toString());
  });
});

describe("rescale", () => {
  it("scales up exactly", () => {
    expect(rescale(1250n, 2, 18)).toBe(12_500_000_000_000_000_000n);
    expect(rescale(1n, 6, 18)).toBe(1_000_000_000_000n);
    expect(rescale(0n, 0, 30)).toBe(0n);
  });

  it("leaves the value alone at the same precision", () => {
    expect(rescale(123n, 6, 6)).toBe(123n);
  });

  it("scales down when no non-zero digit is lost", () => {
    expect(rescale(12_500_000_000_000_000_000n, 18, 2)).toBe(1250n);
    expect(rescale(1_000_000_000_000n, 18, 6)).toBe(1n);
    expect(rescale(-1250n, 2, 1)).toBe(-125n);
  });

  it("throws instead of dropping digits", () => {
    expect(() => rescale(1n, 18, 6)).toThrow(RangeError);
    expect(() => rescale(1255n, 3, 2)).toThrow("cannot be expressed with 2 decimals");
    expect(() => rescale(-1n, 2, 0)).toThrow(RangeError);
  });
});

describe("round trip", () => {
  const SEED = 0x5eed_cafe;

  it("parseDecimal(formatDecimal(units)) gives back the units for random values", () => {
    const next = prng(SEED);
    for (let i = 0; i < 2000; i++) {
      const units = randomUnits(next);
      const decimals = Math.floor(next() * 31);
      const minFractionDigits = Math.floor(next() * (decimals + 1));
      const text = formatDecimal(units, decimals, minFractionDigits);
      expect(text, `seed ${SEED}, case ${i}: ${units} @ ${decimals}`).toMatch(/^\d+(\.\d+)?$/);
      expect(parseDecimal(text, decimals), `seed ${SEED}, case ${i}: ${text}`).toBe(units);
    }
  });

  it("rescaling up then down gives back the units for random values", () => {
    const next = prng(SEED + 1);
    for (let i = 0; i < 2000; i++) {
      const units = randomUnits(next);
      const from = Math.floor(next() * 19);
      const to = from + Math.floor(next() * 19);
      expect(rescale(rescale(units, from, to), to, from), `seed ${SEED + 1}, case ${i}`).toBe(
        units,
      );
    }
  });
});
