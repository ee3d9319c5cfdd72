import { eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { addMember } from "@/lib/dashboard/sessions";
import { getDb } from "@/lib/db/client";
import { invoices, merchants } from "@/lib/db/schema";
import { sessionHeaders, signedInMerchant } from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { checkout, newInvoice } from "@/lib/tooling/testing/payments";
import { GET, POST } from "./route";

const OTHER = privateKeyToAccount(generatePrivateKey()).address;
const LOGO = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#4f46e5"/></svg>',
).toString("base64")}`;

async function merchantRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(merchants).where(eq(merchants.id, id));
  return row!;
}

describe("dashboard settings", () => {
  it("an owner reads the settings and changes every one of them", async () => {
    const { merchant, apiKey, owner, headers } = await signedInMerchant({ name: "Before" });
    const read = await callRoute(GET, { headers });
    expect(read.status).toBe(200);
    expect(read.json.merchant).toMatchObject({
      id: merchant.id,
      name: "Before",
      logo_url: null,
      accepted_tokens: null,
      default_expires_in: null,
      underpayment_tolerance_bps: 0,
    });

    const { status, json } = await callRoute(POST, {
      headers,
      body: {
        name: "  After  ",
        logo_url: LOGO,
        // The signed-in wallet's own address: no confirmation (see settlementConfirmation.int.test.ts).
        settlement_address: owner.address.toLowerCase(),
        settlement_overrides: { "31337": merchant.settlementAddress },
        accepted_tokens: [{ chain_id: 31337, symbol: "usdc" }],
        allowed_origins: ["https://shop.example/"],
        default_expires_in: 3600,
        underpayment_tolerance_bps: 125,
      },
    });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.merchant).toMatchObject({
      name: "After",
      logo_url: LOGO,
      settlement_address: owner.address,
      settlement_overrides: { "31337": merchant.settlementAddress },
      accepted_tokens: [{ chain_id: 31337, symbol: "USDC" }],
      allowed_origins: ["https://shop.example"],
      default_expires_in: 3600,
      underpayment_tolerance_bps: 125,
    });
    expect(await merchantRow(merchant.id)).toMatchObject({
      name: "After",
      defaultExpiresIn: 3600,
      underpaymentToleranceBps: 125,
    });

    // New invoices take the expiry and freeze the tolerance; the checkout shows name and logo.
    const invoice = await newInvoice(apiKey);
    expect(Date.parse(invoice.expires_at) - Date.parse(invoice.created_at)).toBe(3600_000);
    expect(invoice.payment_options.map((option) => option.token.symbol)).toEqual(["USDC"]);
    const view = await checkout(invoice.id);
    expect(view).toMatchObject({ merchant_name: "After", merchant_logo_url: LOGO });
    const db = await getDb();
    const frozen = async () =>
      (await db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!
        .underpaymentToleranceBps;
    expect(await frozen()).toBe(125);

    // null puts the defaults back; the earlier invoice keeps what it was created with.
    const reset = await callRoute(POST, {
      headers,
      body: {
        logo_url: null,
        accepted_tokens: null,
        settlement_overrides: {},
        allowed_origins: [],
        default_expires_in: null,
        underpayment_tolerance_bps: 0,
      },
    });
    expect(reset.status, JSON.stringify(reset.json)).toBe(200);
    expect(reset.json.merchant).toMatchObject({
      name: "After",
      logo_url: null,
      accepted_tokens: null,
      settlement_overrides: {},
      allowed_origins: [],
      default_expires_in: null,
      underpayment_tolerance_bps: 0,
    });
    expect(await frozen()).toBe(125);
    const later = await newInvoice(apiKey);
    expect(Date.parse(later.expires_at) - Date.parse(later.created_at)).toBe(1800_000);
    expect(later.payment_options.length).toBeGreaterThan(1);
  });

  it("changes only the fields given", async () => {
    const { merchant, headers } = await signedInMerchant({ name: "Keep" });
    await callRoute(POST, { headers, body: { underpayment_tolerance_bps: 300, logo_url: LOGO } });
    const { status, json } = await callRoute(POST, { headers, body: { default_expires_in: 600 } });
    expect(status).toBe(200);
    expect(json.merchant).toMatchObject({
      name: "Keep",
      settlement_address: merchant.settlementAddress,
      logo_url: LOGO,
      default_expires_in: 600,
      underpayment_tolerance_bps: 300,
    });
    const empty = await callRoute(POST, { headers, body: {} });
    expect(empty.status).toBe(200);
    expect(empty.json.merchant.default_expires_in).toBe(600);
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: 42 }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ logo_url: "http://shop.example/logo.png" }, "logo_url"],
    [{ logo_url: "data:text/html;base64,PGgxPg==" }, "logo_url"],
    [{ settlement_address: "0x1234" }, "settlement_address"],
    [{ settlement_address: "0x0000000000000000000000000000000000000000" }, "settlement_address"],
    [{ settlement_overrides: { "31337": "nope" } }, "settlement_overrides.31337"],
    [{ settlement_overrides: { "8453": OTHER } }, "settlement_overrides.8453"],
    [{ settlement_overrides: [OTHER] }, "settlement_overrides"],
    [{ accepted_tokens: [] }, "accepted_tokens"],
    [{ accepted_tokens: "all" }, "accepted_tokens"],
    [{ accepted_tokens: [{ chain_id: 31337, symbol: "DOGE" }] }, "accepted_tokens.0.symbol"],
    [{ accepted_tokens: [{ chain_id: 1, symbol: "USDC" }] }, "accepted_tokens.0.chain_id"],
    [
      {
        accepted_tokens: [
          { chain_id: 31337, symbol: "USDC" },
          { chain_id: 31337, symbol: "usdc" },
        ],
      },
      "accepted_tokens.1",
    ],
    [{ allowed_origins: ["ftp://shop.example"] }, "allowed_origins.0"],
    [{ allowed_origins: ["https://shop.example/path"] }, "allowed_origins.0"],
    [{ allowed_origins: "https://shop.example" }, "allowed_origins"],
    [{ default_expires_in: 59 }, "default_expires_in"],
    [{ default_expires_in: 604_801 }, "default_expires_in"],
    [{ default_expires_in: "1h" }, "default_expires_in"],
    [{ underpayment_tolerance_bps: 501 }, "underpayment_tolerance_bps"],
    [{ underpayment_tolerance_bps: -1 }, "underpayment_tolerance_bps"],
    [{ underpayment_tolerance_bps: 1.5 }, "underpayment_tolerance_bps"],
    [{ underpayment_tolerance_bps: null }, "underpayment_tolerance_bps"],
    [{ merchant_id: "mer_other" }, "merchant_id"],
  ])(
    "%j is a 400 naming %s, and the request's good fields are not written either",
    async (bad, param) => {
      const { merchant, headers } = await signedInMerchant({ name: "Untouched" });
      const before = await merchantRow(merchant.id);
      const { status, json } = await callRoute(POST, {
        headers,
        body: {
          name: "Written?",
          underpayment_tolerance_bps: 100,
          default_expires_in: 900,
          ...bad,
        },
      });
      expect(status, JSON.stringify(json)).toBe(400);
      expect(json.error.param).toBe(param);
      expect(json.error.message).toContain(param);
      expect(await merchantRow(merchant.id)).toEqual(before);
    },
  );

  it("refuses a request without a session (401) or without the CSRF token (403)", async () => {
    const { merchant, headers } = await signedInMerchant({ name: "Guarded" });
    const before = await merchantRow(merchant.id);
    expect((await callRoute(GET)).status).toBe(401);
    const anonymous = await callRoute(POST, {
      headers: { origin: headers.origin },
      body: { name: "Anonymous" },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("session_missing");
    const noToken = await callRoute(POST, {
      headers: { cookie: headers.cookie, origin: headers.origin },
      body: { name: "No token" },
    });
    expect(noToken.status).toBe(403);
    expect(noToken.json.error.code).toBe("csrf_failed");
    const wrongToken = await callRoute(POST, {
      headers: { ...headers, "x-csrf-token": "forged" },
      body: { name: "Wrong token" },
    });
    expect(wrongToken.status).toBe(403);
    const crossSite = await callRoute(POST, {
      headers: { ...headers, origin: "https://evil.example" },
      body: { name: "Cross site" },
    });
    expect(crossSite.status).toBe(403);
    expect(await merchantRow(merchant.id)).toEqual(before);
  });

  it("a member reads the settings but only an owner changes them", async () => {
    const { merchant } = await signedInMerchant({ name: "Owned" });
    const wallet = privateKeyToAccount(generatePrivateKey());
    await addMember(await getDb(), {
      merchantId: merchant.id,
      address: wallet.address,
      role: "member",
    });
    const member = await sessionHeaders({ address: wallet.address, merchantId: merchant.id });
    const before = await merchantRow(merchant.id);
    const read = await callRoute(GET, { headers: member });
    expect(read.status).toBe(200);
    expect(read.json.merchant.name).toBe("Owned");
    const { status, json } = await callRoute(POST, {
      headers: member,
      body: { settlement_address: wallet.address },
    });
    expect(status).toBe(403);
    expect(json.error.code).toBe("owner_required");
    expect(await merchantRow(merchant.id)).toEqual(before);
  });

  it("a session only ever reads and changes its own merchant", async () => {
    const mine = await signedInMerchant({ name: "Mine" });
    const theirs = await signedInMerchant({ name: "Theirs" });
    const before = await merchantRow(theirs.merchant.id);
    const read = await callRoute(GET, { headers: mine.headers });
    expect(read.json.merchant.id).toBe(mine.merchant.id);
    const changed = await callRoute(POST, { headers: mine.headers, body: { name: "Renamed" } });
    expect(changed.json.merchant.id).toBe(mine.merchant.id);
    // A body cannot point the change elsewhere.
    const aimed = await callRoute(POST, {
      headers: mine.headers,
      body: { merchant_id: theirs.merchant.id, name: "Hijacked" },
    });
    expect(aimed.status).toBe(400);
    expect(await merchantRow(theirs.merchant.id)).toEqual(before);
    expect((await merchantRow(mine.merchant.id)).name).toBe("Renamed");
  });

  it("answers a wallet without a merchant yet with 403 merchant_required", async () => {
    const headers = await sessionHeaders();
    const { status, json } = await callRoute(POST, { headers, body: { name: "Nobody's" } });
    expect(status).toBe(403);
    expect(json.error.code).toBe("merchant_required");
  });
});
