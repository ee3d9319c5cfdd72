import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret } from "./endpoints";
import { signWebhook } from "./signing";

describe("signWebhook", () => {
  const body = JSON.stringify({ id: "evt_1", type: "invoice.paid", data: { amount: "12.50" } });

  it("is verified by the standardwebhooks package, as a receiver does", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ current: secret, previous: null }, "evt_1", new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("during a rotation both the new and the old secret verify", () => {
    const [next, old] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook({ current: next, previous: old }, "evt_1", new Date(), body);
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(next).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(old).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it("a tampered body, another id or a stale timestamp fails verification", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ current: secret, previous: null }, "evt_1", new Date(), body);
    const receiver = new Webhook(secret);
    expect(() => receiver.verify(body.replace("12.50", "1250.00"), headers)).toThrow(
      WebhookVerificationError,
    );
    expect(() => receiver.verify(body, { ...headers, "webhook-id": "evt_2" })).toThrow(
      WebhookVerificationError,
    );
    const stale = signWebhook(
      { current: secret, previous: null },
      "evt_1",
      new Date(Date.now() - 10 * 60_000),
      body,
    );
    expect(() => receiver.verify(body, stale)).toThrow(/timestamp/i);
  });

  it("secrets are whsec_ and 32 random bytes", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
