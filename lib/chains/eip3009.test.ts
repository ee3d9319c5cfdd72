import { keccak256, toFunctionSelector, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { TRANSFER_WITH_AUTHORIZATION_TYPES, transferWithAuthorizationAbi } from "./eip3009";

function selectorOf(inputCount: number): string {
  const item = transferWithAuthorizationAbi
    .flatMap((entry) =>
      entry.type === "function" && entry.name === "transferWithAuthorization" ? [entry] : [],
    )
    .find((entry) => entry.inputs.length === inputCount);
  if (!item) throw new Error(`no transferWithAuthorization with ${inputCount} inputs`);
  return toFunctionSelector(item);
}

describe("EIP-3009 ABI", () => {
  // The selectors FiatToken v2.2 (USDC, EURC) answers to; a typo in a type would change them.
  it("has transferWithAuthorization in its (v, r, s) form", () => {
    expect(selectorOf(9)).toBe("0xe3ee160e");
  });

  it("has transferWithAuthorization in its bytes-signature form", () => {
    expect(selectorOf(7)).toBe("0xcf092995");
  });

  it("has the EIP-712 type whose hash is FiatToken's TRANSFER_WITH_AUTHORIZATION_TYPEHASH", () => {
    const fields = TRANSFER_WITH_AUTHORIZATION_TYPES.TransferWithAuthorization;
    const encoded = `TransferWithAuthorization(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`;
    expect(keccak256(toHex(encoded))).toBe(
      "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267",
    );
  });
});
