import { InternalRpcError, UnsupportedProviderMethodError, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { walletErrorMessage } from "./walletErrors";

const rejected = new UserRejectedRequestError(new Error("User rejected the request."));

describe("walletErrorMessage", () => {
  it("says the shopper declined, in the words of what was declined", () => {
    expect(walletErrorMessage(rejected, "sign", "Base").key).toBe("wallet.error.signRejected");
    expect(walletErrorMessage(rejected, "send", "Base").key).toBe("wallet.error.sendRejected");
    expect(walletErrorMessage(rejected, "switch", "Base")).toEqual({
      key: "wallet.error.switchRejected",
      values: { chain: "Base" },
    });
  });

  it("tells a wallet that cannot sign typed data from one that failed to", () => {
    const unsupported = new UnsupportedProviderMethodError(new Error("eth_signTypedData_v4"));
    expect(walletErrorMessage(unsupported, "sign", "Base").key).toBe(
      "wallet.error.signUnsupported",
    );
    const failed = walletErrorMessage(new InternalRpcError(new Error("boom")), "sign", "Base");
    expect(failed.key).toBe("wallet.error.signFailed");
    expect(failed.values.reason).not.toMatch(/\.$/);
  });
});
