import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_DELAYS_SECONDS, nextAttemptDelayMs } from "./schedule";

describe("webhook retry schedule", () => {
  it("retries after 5 s, 1 min, 10 min, 1 h, 6 h, then every 12 h, for about 3 days", () => {
    const middle = () => 0.5;
    expect(nextAttemptDelayMs(1, undefined, middle)).toBe(5_000);
    expect(nextAttemptDelayMs(2, undefined, middle)).toBe(60_000);
    expect(nextAttemptDelayMs(3, undefined, middle)).toBe(600_000);
    expect(nextAttemptDelayMs(4, undefined, middle)).toBe(3_600_000);
    expect(nextAttemptDelayMs(5, undefined, middle)).toBe(21_600_000);
    expect(nextAttemptDelayMs(6, undefined, middle)).toBe(43_200_000);
    const totalHours = DEFAULT_RETRY_DELAYS_SECONDS.reduce((sum, s) => sum + s, 0) / 3600;
    expect(totalHours).toBeGreaterThan(60);
    expect(totalHours).toBeLessThan(80);
  });

  it("gives up after the last delay: 11 attempts in all", () => {
    expect(nextAttemptDelayMs(10)).not.toBeNull();
    expect(nextAttemptDelayMs(11)).toBeNull();
  });

  it("jitters by at most 10% either way", () => {
    expect(nextAttemptDelayMs(2, undefined, () => 0)).toBe(54_000);
    expect(nextAttemptDelayMs(2, undefined, () => 0.999999)).toBe(66_000);
  });

  it("follows a given schedule", () => {
    expect(nextAttemptDelayMs(1, [1, 2], () => 0.5)).toBe(1000);
    expect(nextAttemptDelayMs(3, [1, 2])).toBeNull();
  });
});
