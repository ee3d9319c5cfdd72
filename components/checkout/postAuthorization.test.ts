import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { postAuthorization, type SignedAuthorization } from "./postAuthorization";

const signed: SignedAuthorization = {
  chainId: 31337,
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  from: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a",
  to: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
  value: 12_500_000n,
  validAfter: 0n,
  validBefore: 1_900_000_000n,
  nonce: `0x${"11".repeat(32)}`,
  signature: `0x${"22".repeat(65)}`,
};
const txHash = `0x${"ab".repeat(32)}`;

const answer = (status: number, body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { status }));
const refusal = (status: number, code: string) =>
  answer(status, { error: { code, message: `${code}.`, param: null } });

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.useFakeTimers();
  fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Runs the post to its end, the retries' waits included. */
async function post() {
  const outcome = postAuthorization("inv_1", signed);
  await vi.runAllTimersAsync();
  return outcome;
}

describe("postAuthorization", () => {
  it("posts the authorization with amounts and times as decimal strings", async () => {
    fetchMock.mockReturnValueOnce(answer(202, { status: "processing", tx_hash: txHash }));
    expect(await post()).toEqual({ status: "accepted", txHash });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/api/checkout/inv_1/authorizations");
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({
      chain_id: 31337,
      token: signed.token,
      from: signed.from,
      to: signed.to,
      value: "12500000",
      valid_after: "0",
      valid_before: "1900000000",
      nonce: signed.nonce,
      signature: signed.signature,
    });
  });

  it("takes a refusal as final", async () => {
    fetchMock.mockReturnValueOnce(refusal(422, "insufficient_balance"));
    expect(await post()).toEqual({
      status: "refused",
      code: "insufficient_balance",
      message: "insufficient_balance.",
    });
    fetchMock.mockReturnValueOnce(refusal(429, "rate_limited"));
    expect(await post()).toMatchObject({ code: "rate_limited" });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("tries again after a dropped connection or a server error", async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockReturnValueOnce(refusal(503, "chain_unavailable"))
      .mockReturnValueOnce(answer(202, { status: "processing", tx_hash: txHash }));
    expect(await post()).toEqual({ status: "accepted", txHash });
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it("gives up after four tries with the last answer, or as unreachable", async () => {
    fetchMock.mockImplementation(() => refusal(503, "chain_unavailable"));
    expect(await post()).toMatchObject({ status: "refused", code: "chain_unavailable" });
    expect(fetchMock).toHaveBeenCalledTimes(4);
    fetchMock.mockReset();
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    expect(await post()).toMatchObject({ status: "refused", code: "unreachable" });
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });
});
