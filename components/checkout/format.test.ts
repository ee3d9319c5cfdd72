import { describe, expect, it } from "vitest";
import { formatDeadline, shortAddress } from "./format";

describe("formatDeadline", () => {
  const now = new Date(2026, 0, 2, 9, 0);

  it("is the time alone on the same day", () => {
    const text = formatDeadline(new Date(2026, 0, 2, 15, 42), "en-US", now);
    expect(text).toMatch(/^3:42\sPM$/);
  });

  it("carries the date on another day", () => {
    const text = formatDeadline(new Date(2026, 0, 3, 0, 10), "en-US", now);
    expect(text).toMatch(/^Jan 3, 2026, 12:10\sAM$/);
  });
});

describe("shortAddress", () => {
  it("keeps the start and the end an eye compares", () => {
    expect(shortAddress("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720")).toBe("0xa0Ee…9720");
  });
});
