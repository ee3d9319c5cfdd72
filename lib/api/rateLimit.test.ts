import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rateLimit";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the seconds until the next token", () => {
    const limiter = new RateLimiter(2, 5);
    const t = 1_000_000;
    for (let i = 0; i < 5; i++) expect(limiter.take("k", t)).toEqual({ allowed: true });
    expect(limiter.take("k", t)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Half a second later one token has come back (2 per second).
    expect(limiter.take("k", t + 500)).toEqual({ allowed: true });
    expect(limiter.take("k", t + 500).allowed).toBe(false);
  });

  it("keeps keys apart", () => {
    const limiter = new RateLimiter(1, 1);
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false);
    expect(limiter.take("b", 0).allowed).toBe(true);
  });

  it("says how long to wait at slow rates", () => {
    const limiter = new RateLimiter(0.1, 1);
    expect(limiter.take("k", 0).allowed).toBe(true);
    expect(limiter.take("k", 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it("a rate of 0 turns limiting off", () => {
    const limiter = new RateLimiter(0, 0);
    for (let i = 0; i < 1000; i++) expect(limiter.take("k", 0).allowed).toBe(true);
  });

  it("forgets idle clients after their bucket is full again", () => {
    const limiter = new RateLimiter(10, 10);
    limiter.take("old", 0);
    limiter.take("new", 120_000);
    // @ts-expect-error reading the private map to check memory stays bounded
    expect([...limiter.buckets.keys()]).toEqual(["new"]);
  });

  it("peek says whether a token is left without taking one", () => {
    const limiter = new RateLimiter(1, 2);
    expect(limiter.peek("a", 0)).toEqual({ allowed: true });
    limiter.take("a", 0);
    limiter.take("a", 0);
    expect(limiter.peek("a", 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.peek("a", 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.peek("a", 1000)).toEqual({ allowed: true });
    expect(limiter.peek("b", 0)).toEqual({ allowed: true });
  });
});
