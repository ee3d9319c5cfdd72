import { describe, expect, it } from "vitest";
import { en } from "@/lib/i18n/messages/en";
import { createTranslator } from "@/lib/i18n/translate";
import { authorizationRefusal } from "./authorizationRefusal";

const symbols = { tokenSymbol: "USDC", gasSymbol: "ETH" };
const t = createTranslator(en);
const say = (code: string) => {
  const { error } = authorizationRefusal(code, symbols);
  return t(error.key, error.values);
};

/** Every code the route answers with (app/api/checkout/[id]/authorizations), and the page's own. */
const CODES = [
  "gasless_unavailable",
  "authorization_mismatch",
  "invalid_signature",
  "authorization_expired",
  "authorization_used",
  "insufficient_balance",
  "payment_in_progress",
  "relayer_unavailable",
  "invoice_not_payable",
  "rate_limited",
  "chain_unavailable",
  "unreachable",
];

describe("authorizationRefusal", () => {
  it("gives every refusal a sentence of its own, no placeholder left unfilled", () => {
    const sentences = CODES.map(say);
    expect(new Set(sentences).size).toBe(CODES.length);
    for (const sentence of sentences) expect(sentence).not.toMatch(/[{}]/);
    expect(sentences).not.toContain(say("something_new"));
  });

  it("names the token the wallet lacks, and the gas a transaction would need", () => {
    expect(say("insufficient_balance")).toContain("less USDC than this payment needs");
    expect(say("relayer_unavailable")).toContain("a little ETH for the network fee");
  });

  it("turns to a transaction only where signing cannot pay this invoice now", () => {
    const turning = CODES.filter((code) => authorizationRefusal(code, symbols).method);
    expect(turning).toEqual(["gasless_unavailable", "relayer_unavailable"]);
    for (const code of turning) {
      expect(authorizationRefusal(code, symbols).method).toBe("transaction");
    }
  });

  it("reads the invoice again where it may have moved on", () => {
    const refreshing = CODES.filter((code) => authorizationRefusal(code, symbols).refresh);
    expect(refreshing.sort()).toEqual(
      [
        "authorization_expired",
        "authorization_mismatch",
        "authorization_used",
        "invoice_not_payable",
        "payment_in_progress",
      ].sort(),
    );
  });

  it("has a general sentence for a code it does not know, or one inherited from Object", () => {
    expect(say("constructor")).toBe(say("something_new"));
    expect(say("something_new")).toContain("could not be used for this invoice");
  });
});
