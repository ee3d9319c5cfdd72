import { HttpRequestError, LimitExceededRpcError, RpcRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { backoffDelay, describeWatcherError, isRangeTooLarge, retryAfterMs } from "./retry";

describe("backoffDelay", () => {
  const backoff = { baseMs: 100, maxMs: 5000 };
  it("grows exponentially with jitter between half and all of the ceiling, and is capped", () => {
    expect(backoffDelay(1, backoff, () => 0)).toBe(50);
    expect(backoffDelay(1, backoff, () => 1)).toBe(100);
    expect(backoffDelay(4, backoff, () => 1)).toBe(800);
    expect(backoffDelay(4, backoff, () => 0.5)).toBe(600);
    expect(backoffDelay(30, backoff, () => 1)).toBe(5000);
  });
});

describe("isRangeTooLarge", () => {
  const rpcError = (message: string, code = -32000) =>
    new RpcRequestError({ body: {}, error: { code, message }, url: "http://rpc" });
  it("recognises the ways providers say a getLogs range is too large", () => {
    for (const message of [
      "block range too large: at most 4 blocks per request",
      "query returned more than 10000 results",
      "exceed maximum block range: 5000",
      "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range",
      "eth_getLogs is limited to a 10,000 range",
    ]) {
      expect(isRangeTooLarge(rpcError(message)), message).toBe(true);
    }
    expect(isRangeTooLarge(new LimitExceededRpcError(new Error("x")))).toBe(true);
  });
  it("does not mistake other failures for it", () => {
    expect(isRangeTooLarge(rpcError("header not found"))).toBe(false);
    expect(isRangeTooLarge(new Error("fetch failed"))).toBe(false);
  });
});

describe("retryAfterMs and describeWatcherError", () => {
  it("reads Retry-After from a 429 and names the status", () => {
    const limited = new HttpRequestError({
      url: "http://rpc",
      status: 429,
      headers: new Headers({ "retry-after": "3" }),
    });
    expect(retryAfterMs(limited)).toBe(3000);
    expect(describeWatcherError(limited)).toBe("The RPC answered HTTP 429 (rate limited)");
    const down = new HttpRequestError({ url: "http://rpc?key=secret", status: 503 });
    expect(retryAfterMs(down)).toBeNull();
    expect(describeWatcherError(down)).toBe("The RPC answered HTTP 503");
    expect(describeWatcherError(down)).not.toContain("secret");
  });
});
