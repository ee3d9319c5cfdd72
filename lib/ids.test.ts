import { describe, expect, it } from "vitest";
import { isId, newId, nextTail } from "./ids";

const CROCKFORD_ID = /^inv_[0-9abcdefghjkmnpqrstvwxyz]{26}$/;
const VALID = `inv_${"0123456789abcdefghjkmnpqrs"}`;
const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

describe("newId", () => {
  it("is the prefix, an underscore and 26 lowercase Crockford base32 characters", () => {
    const id = newId("inv");
    expect(id).toMatch(CROCKFORD_ID);
    expect(id).toHaveLength(30);
  });

  it.each(["mer", "key", "inv", "pay", "sub", "evt"] as const)("uses the %s prefix", (prefix) => {
    const id = newId(prefix);
    expect(id.startsWith(`${prefix}_`)).toBe(true);
    expect(isId(id, prefix)).toBe(true);
  });

  it("sorts ids created at a later millisecond after earlier ones", () => {
    const times = [0, 1, 31, 32, 1_000, Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1) + 1];
    const ids = times.map((now) => newId("inv", now));
    expect([...ids].reverse().sort()).toEqual(ids);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it("sorts by time even across random tails", () => {
    const now = Date.UTC(2030, 5, 15, 12);
    for (let i = 0; i < 200; i++) {
      expect(newId("inv", now + 1) > newId("inv", now)).toBe(true);
    }
  });

  it("encodes the time in the first 10 characters", () => {
    const now = Date.UTC(2030, 5, 15, 12);
    const a = newId("inv", now);
    const b = newId("inv", now);
    expect(a.slice(0, 14)).toBe(b.slice(0, 14));
    expect(newId("inv", 0).slice(4, 14)).toBe("0000000000");
  });

  it("sorts ids made within one millisecond in the order they were made", () => {
    for (const now of [Date.UTC(2031, 0, 1), Date.UTC(2031, 0, 1) + 1]) {
      const ids = Array.from({ length: 1_000 }, () => newId("plink", now));
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids.map((id) => id.slice(0, 16))).size).toBe(1);
    }
  });

  it("steps between ids of one millisecond by random amounts, so the next cannot be guessed", () => {
    const now = Date.UTC(2031, 0, 2);
    const tails = Array.from({ length: 100 }, () => newId("inv", now)).map((id) =>
      [...id.slice(14)].reduce((value, char) => value * 32n + BigInt(CROCKFORD.indexOf(char)), 0n),
    );
    const steps = new Set(tails.slice(1).map((tail, index) => tail - tails[index]!));
    expect(steps.size).toBe(99);
    for (const step of steps) expect(step > 0n && step <= 2n ** 48n).toBe(true);
  });

  it("an id made for an earlier time keeps that time", () => {
    const now = Date.UTC(2031, 0, 3);
    const later = newId("inv", now + 5);
    const earlier = newId("inv", now);
    expect(earlier < later).toBe(true);
    expect(earlier.slice(4, 14)).toBe(newId("inv", now).slice(4, 14));
  });

  it("a tail that would pass 80 bits is refused, so that a fresh one is drawn", () => {
    expect(nextTail(5n, 10n)).toBe(16n);
    expect(nextTail(2n ** 80n - 2n, 0n)).toBe(2n ** 80n - 1n);
    expect(nextTail(2n ** 80n - 1n, 0n)).toBeNull();
  });

  it("creates 10,000 unique ids, even within the same millisecond", () => {
    const now = Date.now();
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(newId("inv", now));
    expect(ids.size).toBe(10_000);
  });
});

describe("isId", () => {
  it("accepts well-formed ids", () => {
    expect(isId(VALID, "inv")).toBe(true);
    expect(isId(newId("pay"), "pay")).toBe(true);
  });

  it("rejects an id with another prefix", () => {
    expect(isId(newId("pay"), "inv")).toBe(false);
    expect(isId(`abc_${VALID.slice(4)}`, "inv")).toBe(false);
    expect(isId(VALID.slice(4), "inv")).toBe(false);
    expect(isId(`inv-${VALID.slice(4)}`, "inv")).toBe(false);
  });

  it("rejects uppercase", () => {
    expect(isId(VALID.toUpperCase(), "inv")).toBe(false);
    expect(isId(`inv_${VALID.slice(4).replace("a", "A")}`, "inv")).toBe(false);
  });

  it.each(["i", "l", "o", "u"])("rejects the excluded letter %j", (letter) => {
    expect(isId(`inv_${letter}${VALID.slice(5)}`, "inv")).toBe(false);
  });

  it("rejects the wrong length", () => {
    expect(isId(VALID.slice(0, -1), "inv")).toBe(false);
    expect(isId(`${VALID}0`, "inv")).toBe(false);
    expect(isId("inv_", "inv")).toBe(false);
    expect(isId("", "inv")).toBe(false);
  });

  it("rejects surrounding whitespace and other characters", () => {
    expect(isId(` ${VALID}`, "inv")).toBe(false);
    expect(isId(`${VALID}\n`, "inv")).toBe(false);
    expect(isId(`inv_${VALID.slice(5)}-`, "inv")).toBe(false);
  });
});
