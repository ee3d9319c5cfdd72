import { encodePaymentSignatureHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequirements } from "@x402/core/types";
import { describe, expect, it } from "vitest";
import {
  acceptedRequirement,
  MAX_PAYMENT_HEADER_BYTES,
  parsePaymentHeader,
  parseRequirements,
} from "./paymentHeader";
import { X402Refusal } from "./refusal";
import type { OptionRequirement } from "./requirements";

const requirements: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:31337",
  asset: "0x3600000000000000000000000000000000000000",
  amount: "1250000",
  payTo: "0x00000000000000000000000000000000000000aA",
  maxTimeoutSeconds: 300,
  extra: { name: "USD Coin", version: "2" },
};

const payload: PaymentPayload = {
  x402Version: 2,
  accepted: requirements,
  payload: {
    signature: `0x${"11".repeat(65)}`,
    authorization: {
      from: "0x00000000000000000000000000000000000000bB",
      to: requirements.payTo,
      value: "1250000",
      validAfter: "0",
      validBefore: "1900000000",
      nonce: `0x${"22".repeat(32)}`,
    },
  },
};

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof X402Refusal) return error.reason;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parsePaymentHeader", () => {
  it("reads an x402 v2 exact EIP-3009 payment as the protocol's client encodes it", () => {
    expect(parsePaymentHeader(encodePaymentSignatureHeader(payload))).toEqual(payload);
  });

  it("refuses what is not one, before anything reads the chain", () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
    const authorization = payload.payload.authorization as Record<string, unknown>;
    const cases: [string, string, string][] = [
      ["not base64", "%%%", "invalid_payload"],
      ["base64 of no JSON", Buffer.from("{").toString("base64"), "invalid_payload"],
      ["version 1", encode({ ...payload, x402Version: 1 }), "invalid_x402_version"],
      ["no accepted", encode({ x402Version: 2, payload: payload.payload }), "invalid_payload"],
      [
        "another scheme",
        encode({ ...payload, accepted: { ...requirements, scheme: "upto" } }),
        "invalid_payload",
      ],
      [
        "a Permit2 payload",
        encode({ ...payload, payload: { signature: "0x11", permit2Authorization: {} } }),
        "invalid_payload",
      ],
      [
        "a nonce of 31 bytes",
        encode({
          ...payload,
          payload: { ...payload.payload, authorization: { ...authorization, nonce: "0x22" } },
        }),
        "invalid_payload",
      ],
      [
        "a negative value",
        encode({
          ...payload,
          payload: { ...payload.payload, authorization: { ...authorization, value: "-1" } },
        }),
        "invalid_payload",
      ],
      [
        "an extra authorization field",
        encode({
          ...payload,
          payload: { ...payload.payload, authorization: { ...authorization, extra: 1 } },
        }),
        "invalid_payload",
      ],
      ["too long", "A".repeat(MAX_PAYMENT_HEADER_BYTES + 1), "invalid_payload"],
    ];
    for (const [what, header, reason] of cases) {
      expect(
        reasonOf(() => parsePaymentHeader(header)),
        what,
      ).toBe(reason);
    }
  });
});

describe("acceptedRequirement", () => {
  const offered: OptionRequirement[] = [
    { option: {} as OptionRequirement["option"], requirements },
  ];

  it("finds the offered requirement the payment accepted, whatever the addresses' case", () => {
    const accepted = { ...requirements, payTo: requirements.payTo.toLowerCase() };
    expect(acceptedRequirement(offered, { ...payload, accepted })?.requirements).toBe(requirements);
  });

  it("finds none for another recipient, amount, asset or network", () => {
    for (const change of [
      { payTo: "0x00000000000000000000000000000000000000cc" },
      { amount: "1249999" },
      { asset: "0x3600000000000000000000000000000000000001" },
      { network: "eip155:1" as const },
    ]) {
      expect(
        acceptedRequirement(offered, { ...payload, accepted: { ...requirements, ...change } }),
      ).toBeNull();
    }
  });
});

describe("parseRequirements", () => {
  it("takes v2 requirements and refuses others", () => {
    expect(parseRequirements(requirements)).toEqual(requirements);
    expect(reasonOf(() => parseRequirements({ ...requirements, amount: undefined }))).toBe(
      "invalid_payment_requirements",
    );
  });
});
