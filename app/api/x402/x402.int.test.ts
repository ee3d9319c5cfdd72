import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { HTTPFacilitatorClient } from "@x402/core/server";
import type { PaymentRequired } from "@x402/core/types";
import { ExactEvmScheme as ExactEvmServerScheme } from "@x402/evm/exact/server";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { eq } from "drizzle-orm";
import express from "express";
import { type Address, type Hex, type PrivateKeyAccount, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as createLinkRoute } from "@/app/api/v1/payment-links/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook-endpoints/route";
import { POST as settleRoute } from "@/app/api/x402/facilitator/settle/route";
import { GET as supportedRoute } from "@/app/api/x402/facilitator/supported/route";
import { POST as verifyRoute } from "@/app/api/x402/facilitator/verify/route";
import { GET as invoiceRoute } from "@/app/api/x402/invoices/[id]/route";
import { GET as linkRoute } from "@/app/api/x402/links/[id]/route";
import { devAccount } from "@/lib/chains/devAccounts";
import { getPaymentChains } from "@/lib/chains/registry";
import { resetConfigForTests } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { invoices, relayerTransactions } from "@/lib/db/schema";
import { relayerHealth } from "@/lib/relayer/relayerHealth";
import { forgetRelayerStates, relayerState } from "@/lib/relayer/relayerState";
import { RESEND_AFTER_MS, tendRelayer } from "@/lib/relayer/tendRelayer";
import { delegatedAccount, deploySimple7702Account } from "@/lib/tooling/testing/eip7702";
import {
  callRoute,
  chainClients,
  createMerchant,
  rpcUrl,
  send,
  tokenBalance,
} from "@/lib/tooling/testing/fixtures";
import { eventTypes, fund, localWatcher, newInvoice } from "@/lib/tooling/testing/payments";
import { startWebhookReceiver } from "@/lib/tooling/testing/webhookReceiver";
import {
  inProcessFetch,
  payingFetch,
  paymentHeaderFor,
  routeDispatcher,
  serveRoutes,
} from "@/lib/tooling/testing/x402";
import { deliverDueWebhooks } from "@/lib/webhooks/sender";
import { payInvoiceOverX402 } from "@/lib/x402/payResource";

const dispatch = routeDispatcher([
  { pattern: /^\/api\/x402\/invoices\/([^/]+)$/, methods: { GET: invoiceRoute } },
  { pattern: /^\/api\/x402\/links\/([^/]+)$/, methods: { GET: linkRoute } },
  { pattern: /^\/api\/x402\/facilitator\/supported$/, methods: { GET: supportedRoute } },
  { pattern: /^\/api\/x402\/facilitator\/verify$/, methods: { POST: verifyRoute } },
  { pattern: /^\/api\/x402\/facilitator\/settle$/, methods: { POST: settleRoute } },
]);
const routeFetch = inProcessFetch(dispatch);

// This file relays with a key of its own, so other files relaying at once never share its nonces.
const relayerKey = generatePrivateKey();
const relayer = privateKeyToAccount(relayerKey);
const chain = () => getPaymentChains()[0]!;
let apiKey: string;
let merchantId: string;
let merchantAddress: Address;
let usdc: Address;

beforeAll(async () => {
  process.env.RELAYER_PRIVATE_KEY_31337 = relayerKey;
  resetConfigForTests();
  forgetRelayerStates();
  await chainClients().testClient.setBalance({ address: relayer.address, value: parseEther("10") });
  const created = await createMerchant({ name: "Agents' Shop" });
  apiKey = created.apiKey;
  merchantId = created.merchant.id;
  merchantAddress = created.merchant.settlementAddress as Address;
  usdc = chain().tokens.find((token) => token.symbol === "USDC")!.address;
  await relayerState(chain(), 0);
});

afterEach(() => {
  forgetRelayerStates();
});

afterAll(() => {
  delete process.env.RELAYER_PRIVATE_KEY_31337;
  resetConfigForTests();
  forgetRelayerStates();
});

/** An agent holding `amount` USDC and no ether at all. */
async function agentWithoutGas(amount = 100_000_000n): Promise<PrivateKeyAccount> {
  const account = privateKeyToAccount(generatePrivateKey());
  await fund(account.address, usdc, amount);
  expect(await chainClients().publicClient.getBalance({ address: account.address })).toBe(0n);
  return account;
}

async function relayerSnapshot() {
  const db = await getDb();
  const { publicClient } = chainClients();
  const rows = await db.select({ id: relayerTransactions.id }).from(relayerTransactions);
  return {
    balance: await publicClient.getBalance({ address: relayer.address }),
    nonce: await publicClient.getTransactionCount({ address: relayer.address }),
    recorded: rows.length,
  };
}

async function required(url: string): Promise<PaymentRequired> {
  const response = await routeFetch(url);
  expect(response.status).toBe(402);
  const body = (await response.json()) as PaymentRequired;
  expect(decodePaymentRequiredHeader(response.headers.get("payment-required")!)).toEqual(body);
  return body;
}

async function getWithHeader(url: string, header: string) {
  const response = await routeFetch(url, { headers: { "payment-signature": header } });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

describe("x402: programs pay invoices and links over HTTP 402", () => {
  it("an agent with USDC and no ETH pays an invoice's x402_url with @x402/fetch: 200, paid, webhook received", async () => {
    const receiver = await startWebhookReceiver();
    const endpoint = await callRoute(createEndpointRoute, {
      apiKey,
      body: { url: receiver.url },
    });
    receiver.setSecret(endpoint.json.secret);
    const invoice = await newInvoice(apiKey, { amount: "3.25", currency: "USD" });
    expect(invoice.x402_url).toMatch(
      new RegExp(`^https?://[^/]+/api/x402/invoices/${invoice.id}$`),
    );

    const offer = await required(invoice.x402_url);
    expect(offer.x402Version).toBe(2);
    expect(offer.resource.url).toBe(invoice.x402_url);
    // One exact requirement per option that speaks EIP-3009: USDC, not USDT.
    expect(offer.accepts).toEqual([
      {
        scheme: "exact",
        network: "eip155:31337",
        asset: usdc,
        amount: "3250000",
        payTo: merchantAddress,
        maxTimeoutSeconds: 300,
        extra: { name: "USD Coin", version: "2" },
      },
    ]);

    const agent = await agentWithoutGas();
    const merchantBefore = await tokenBalance(usdc, merchantAddress);
    const response = await payingFetch(agent, usdc, routeFetch)(invoice.x402_url);
    expect(response.status).toBe(200);
    const paid = await response.json();
    expect(paid).toMatchObject({ id: invoice.id, status: "paid", amount_paid: "3.25" });
    expect(paid.payments).toHaveLength(1);
    const settled = decodePaymentResponseHeader(response.headers.get("payment-response")!);
    expect(settled).toMatchObject({ success: true, network: "eip155:31337", payer: agent.address });
    expect(paid.payments[0].tx_hash).toBe(settled.transaction.toLowerCase());
    expect(await tokenBalance(usdc, merchantAddress)).toBe(merchantBefore + 3_250_000n);
    expect(await chainClients().publicClient.getBalance({ address: agent.address })).toBe(0n);
    const receipt = await chainClients().publicClient.getTransactionReceipt({
      hash: settled.transaction as Hex,
    });
    expect(receipt.from.toLowerCase()).toBe(relayer.address.toLowerCase());

    // Paid: a plain GET answers 200 with it, and pays nothing again.
    const again = await routeFetch(invoice.x402_url);
    expect(again.status).toBe(200);
    expect((await again.json()).status).toBe("paid");

    await deliverDueWebhooks(await getDb());
    expect(receiver.accepted().map((entry) => entry.type)).toContain("invoice.paid");
    await receiver.close();
  });

  it("a payer whose account delegates by EIP-7702 to Simple7702Account pays with its ECDSA signature", async () => {
    const invoice = await newInvoice(apiKey, { amount: "1.75", currency: "USD" });
    const payer = await agentWithoutGas();
    const { testClient, publicClient } = chainClients();
    // The payer's gas for its delegation only; the payment costs it none.
    await testClient.setBalance({ address: payer.address, value: parseEther("1") });
    const implementation = await deploySimple7702Account(rpcUrl(), devAccount(7));
    const account = delegatedAccount(rpcUrl(), payer, implementation);
    await account.delegate();
    expect(await account.delegation()).toBe(implementation);
    await testClient.setBalance({ address: payer.address, value: 0n });

    const response = await payingFetch(payer, usdc, routeFetch)(invoice.x402_url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: invoice.id, status: "paid" });
    const settled = decodePaymentResponseHeader(response.headers.get("payment-response")!);
    expect(settled).toMatchObject({ success: true, payer: payer.address });
    expect(await tokenBalance(usdc, payer.address)).toBe(100_000_000n - 1_750_000n);
    expect(await publicClient.getBalance({ address: payer.address })).toBe(0n);
  });

  it("a fixed link issues and pays an invoice per paid request; an open one takes ?amount=", async () => {
    const db = await getDb();
    const fixed = (
      await callRoute(createLinkRoute, {
        apiKey,
        body: { amount: "1.50", currency: "USD", description: "One API call" },
      })
    ).json;
    const agent = await agentWithoutGas();
    const pay = payingFetch(agent, usdc, routeFetch);
    const url = fixed.x402_url as string;
    expect(url).toMatch(new RegExp(`^https?://[^/]+/api/x402/links/${fixed.id}$`));
    const first = await (await pay(url)).json();
    const second = await (await pay(url)).json();
    for (const invoice of [first, second]) {
      expect(invoice).toMatchObject({ status: "paid", payment_link: fixed.id, amount: "1.50" });
    }
    expect(first.id).not.toBe(second.id);
    expect(await eventTypes(first.id)).toEqual(
      expect.arrayContaining(["invoice.created", "invoice.paid"]),
    );

    const open = (
      await callRoute(createLinkRoute, {
        apiKey,
        body: { amount: null, currency: "USD", description: "Tip jar" },
      })
    ).json;
    const openUrl = open.x402_url as string;
    const missing = await routeFetch(openUrl);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.param).toBe("amount");
    const offer = await required(`${openUrl}?amount=2.75`);
    expect(offer.accepts[0]!.amount).toBe("2750000");
    const tipped = await (await pay(`${openUrl}?amount=2.75`)).json();
    expect(tipped).toMatchObject({ status: "paid", amount: "2.75", payment_link: open.id });

    // A payment that fails verification issues no invoice.
    const before = await db.select({ id: invoices.id }).from(invoices);
    const poor = privateKeyToAccount(generatePrivateKey());
    const broke = await payingFetch(poor, usdc, routeFetch)(url);
    expect(broke.status).toBe(402);
    expect((await broke.json()).error).toMatch(/^(insufficient_balance|invalid_exact_evm)/);
    const after = await db.select({ id: invoices.id }).from(invoices);
    expect(after.length).toBe(before.length);
  });

  it("refuses a payment to another address, too low an amount, a closing window and a replayed header, with nothing spent", async () => {
    const agent = await agentWithoutGas();
    const invoice = await newInvoice(apiKey, { amount: "4.00", currency: "USD" });
    const offer = await required(invoice.x402_url);
    const accepted = offer.accepts[0]!;
    const before = await relayerSnapshot();

    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    const cases: [string, PaymentRequired, RegExp][] = [
      [
        "another recipient",
        { ...offer, accepts: [{ ...accepted, payTo: stranger }] },
        /^payment_requirements_mismatch/,
      ],
      [
        "too low an amount",
        { ...offer, accepts: [{ ...accepted, amount: "3999999" }] },
        /^payment_requirements_mismatch/,
      ],
      [
        "a window closing in 5 seconds",
        { ...offer, accepts: [{ ...accepted, maxTimeoutSeconds: 5 }] },
        /^authorization_expired/,
      ],
    ];
    for (const [what, tampered, reason] of cases) {
      const header = await paymentHeaderFor(agent, tampered, usdc);
      const answer = await getWithHeader(invoice.x402_url, header);
      expect(answer.status, what).toBe(402);
      expect(answer.json.error, what).toMatch(reason);
      expect(answer.json.accepts, what).toEqual(offer.accepts);
    }
    const garbage = await getWithHeader(invoice.x402_url, "not base64 at all!");
    expect(garbage.status).toBe(402);
    expect(garbage.json.error).toMatch(/^invalid_payload/);
    expect(await relayerSnapshot()).toEqual(before);

    // Paid once; the same header replayed on another invoice of the same amount is refused.
    const header = await paymentHeaderFor(agent, offer, usdc);
    expect((await getWithHeader(invoice.x402_url, header)).status).toBe(200);
    const spent = await relayerSnapshot();
    const other = await newInvoice(apiKey, { amount: "4.00", currency: "USD" });
    const replay = await getWithHeader(other.x402_url, header);
    expect(replay.status).toBe(402);
    expect(replay.json.error).toMatch(/^authorization_used/);
    expect(await relayerSnapshot()).toEqual(spent);
    const [row] = await (await getDb()).select().from(invoices).where(eq(invoices.id, other.id));
    expect(row!.status).toBe("open");

    // Expired and canceled invoices are gone.
    const db = await getDb();
    await db
      .update(invoices)
      .set({ status: "canceled", canceledAt: new Date() })
      .where(eq(invoices.id, other.id));
    expect((await routeFetch(other.x402_url)).status).toBe(410);
    expect((await routeFetch(`${other.x402_url}x`)).status).toBe(404);
  });

  it("two concurrent requests with one payment header: settled once, both answered", async () => {
    const agent = await agentWithoutGas();
    const invoice = await newInvoice(apiKey, { amount: "2.00", currency: "USD" });
    const header = await paymentHeaderFor(agent, await required(invoice.x402_url), usdc);
    const before = await relayerSnapshot();
    const answers = await Promise.all([
      getWithHeader(invoice.x402_url, header),
      getWithHeader(invoice.x402_url, header),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.map((answer) => answer.json.status)).toEqual(["paid", "paid"]);
    const after = await relayerSnapshot();
    expect(after.recorded).toBe(before.recorded + 1);
    expect(after.nonce).toBe(before.nonce + 1);
    expect(answers[0]!.json.payments).toHaveLength(1);
  });

  it("a crash between record and broadcast loses nothing: whoever broadcasts it, the watcher credits the recorded nonce", async () => {
    const db = await getDb();
    const agent = await agentWithoutGas();
    const invoice = await newInvoice(apiKey, { amount: "1.25", currency: "USD" });
    const header = await paymentHeaderFor(agent, await required(invoice.x402_url), usdc);
    const crashed = await payInvoiceOverX402(db, {
      invoiceId: invoice.id,
      header,
      faults: {
        beforeBroadcast: () => {
          throw new Error("killed");
        },
      },
    });
    // This process lived to answer: the settlement did not complete. One that died answers nothing.
    expect(crashed.status).toBe(402);
    const [recorded] = await db
      .select()
      .from(relayerTransactions)
      .where(eq(relayerTransactions.invoiceId, invoice.id));
    expect(recorded).toMatchObject({ status: "pending", source: "x402" });
    expect(recorded!.nonceReference).toBe(recorded!.authorizationNonce!.slice(0, 34));

    // A third party broadcasts the same authorization first, from its own account: its random
    // nonce names no invoice, but the deployment recorded it for this one.
    const data = recorded!.data as Hex;
    await send(3, { to: usdc, data });
    await (await localWatcher()).runOnce();
    const [credited] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(credited!.status).toBe("paid");

    // The relayer sends nothing twice: it fills its nonce instead.
    const report = await tendRelayer(db, chain(), {
      now: new Date(Date.now() + RESEND_AFTER_MS * 2),
    });
    expect(report.filled).toBe(1);
    const again = await getWithHeader(invoice.x402_url, header);
    expect(again.status).toBe(200);
    expect(again.json.payments).toHaveLength(1);
  });
});

describe("x402: limits and health", () => {
  it("payments are limited per client address (429 with Retry-After), and counted in health", async () => {
    const invoice = await newInvoice(apiKey, { amount: "1.00", currency: "USD" });
    process.env.RATE_LIMIT_PER_ADDRESS = "1000";
    resetConfigForTests();
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 32; i++) {
        const response = await routeFetch(invoice.x402_url, {
          headers: {
            "payment-signature": "eyJ4NDAyVmVyc2lvbiI6Mn0=",
            "x-client-address": "203.0.113.9",
          },
        });
        statuses.push(response.status);
        retryAfter ??= response.headers.get("retry-after");
      }
      // A burst of 30 payments, then 429; reading the requirements is not a payment.
      expect(statuses.slice(0, 30).every((status) => status === 402)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(
        (await routeFetch(invoice.x402_url, { headers: { "x-client-address": "203.0.113.9" } }))
          .status,
      ).toBe(402);
    } finally {
      process.env.RATE_LIMIT_PER_ADDRESS = "0";
      resetConfigForTests();
    }

    const [relayerHealthNow] = await relayerHealth(await getDb(), [chain()]);
    expect(relayerHealthNow!.x402.settled_24h).toBeGreaterThanOrEqual(6);
    // The crashed settlement, front-run: its nonce is being filled, not paid twice.
    expect(relayerHealthNow!.x402.pending + relayerHealthNow!.x402.failed_24h).toBe(1);
  });
});

describe("x402: the merchant's own resource servers settle through this deployment", () => {
  it("an @x402/express server whose facilitator is this deployment, paid by @x402/fetch: the books show it", async () => {
    const facilitator = await serveRoutes(dispatch);
    const resourceServer = new x402ResourceServer(
      new HTTPFacilitatorClient({
        url: `${facilitator.url}/api/x402/facilitator`,
        createAuthHeaders: async () => {
          const headers = { Authorization: `Bearer ${apiKey}` };
          return { verify: headers, settle: headers, supported: headers };
        },
      }),
    ).register("eip155:31337", new ExactEvmServerScheme());
    const app = express();
    app.use(
      paymentMiddleware(
        {
          "GET /forecast": {
            accepts: {
              scheme: "exact",
              network: "eip155:31337",
              payTo: merchantAddress,
              price: {
                amount: "50000",
                asset: usdc,
                extra: { name: "USD Coin", version: "2" },
              },
            },
            description: "Tomorrow's forecast",
          },
        },
        resourceServer,
      ),
    );
    app.get("/forecast", (_request, response) => {
      response.json({ tomorrow: "sunny" });
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    const resource = `http://127.0.0.1:${port}/forecast`;
    try {
      const agent = await agentWithoutGas();
      const merchantBefore = await tokenBalance(usdc, merchantAddress);
      const response = await payingFetch(agent, usdc, fetch)(resource);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ tomorrow: "sunny" });
      const settled = decodePaymentResponseHeader(response.headers.get("payment-response")!);
      expect(settled.success).toBe(true);
      expect(await tokenBalance(usdc, merchantAddress)).toBe(merchantBefore + 50_000n);

      // In the merchant's books: a paid invoice described by the resource URL.
      const db = await getDb();
      const [row] = await db
        .select()
        .from(relayerTransactions)
        .where(eq(relayerTransactions.txHash, settled.transaction.toLowerCase()));
      expect(row).toMatchObject({ source: "facilitator", merchantId, status: "mined" });
      const [invoice] = await db.select().from(invoices).where(eq(invoices.id, row!.invoiceId!));
      expect(invoice).toMatchObject({ status: "paid", description: resource, merchantId });
      expect(await eventTypes(invoice!.id)).toEqual(
        expect.arrayContaining(["invoice.created", "invoice.paid"]),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await facilitator.close();
    }
  });

  it("settles only the calling merchant's payments, once, and refuses another merchant's key", async () => {
    const agent = await agentWithoutGas();
    const requirements = {
      scheme: "exact",
      network: "eip155:31337",
      asset: usdc,
      amount: "70000",
      payTo: merchantAddress,
      maxTimeoutSeconds: 300,
      extra: { name: "USD Coin", version: "2" },
    } as const;
    const offer: PaymentRequired = {
      x402Version: 2,
      resource: { url: "https://api.example/report", description: "", mimeType: "" },
      accepts: [requirements],
    };
    const header = await paymentHeaderFor(agent, offer, usdc);
    const paymentPayload = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
    const body = { x402Version: 2, paymentPayload, paymentRequirements: requirements };

    const supported = await callRoute(supportedRoute, { apiKey });
    expect(supported.json.kinds).toContainEqual({
      x402Version: 2,
      scheme: "exact",
      network: "eip155:31337",
    });
    expect((await callRoute(supportedRoute, {})).status).toBe(401);

    // Another merchant's key: its settlement address is not payTo; nothing is spent.
    const other = await createMerchant({ name: "Someone Else" });
    const before = await relayerSnapshot();
    const foreign = await callRoute(settleRoute, { apiKey: other.apiKey, body });
    expect(foreign.json).toMatchObject({ success: false, errorReason: "pay_to_not_merchant" });
    const foreignVerify = await callRoute(verifyRoute, { apiKey: other.apiKey, body });
    expect(foreignVerify.json).toMatchObject({
      isValid: false,
      invalidReason: "pay_to_not_merchant",
    });
    expect((await callRoute(settleRoute, { body })).status).toBe(401);
    const invalid = await callRoute(verifyRoute, {
      apiKey,
      body: { ...body, paymentPayload: { ...paymentPayload, payload: { signature: "0x00" } } },
    });
    expect(invalid.json).toMatchObject({ isValid: false, invalidReason: "invalid_payload" });
    expect(await relayerSnapshot()).toEqual(before);

    const verified = await callRoute(verifyRoute, { apiKey, body });
    expect(verified.json).toMatchObject({ isValid: true, payer: agent.address });
    const [first, second] = await Promise.all([
      callRoute(settleRoute, { apiKey, body }),
      callRoute(settleRoute, { apiKey, body }),
    ]);
    expect(first.json).toMatchObject({ success: true, payer: agent.address });
    expect(second.json.transaction).toBe(first.json.transaction);
    expect(second.json.extra.invoice).toBe(first.json.extra.invoice);
    const third = await callRoute(settleRoute, { apiKey, body });
    expect(third.json).toMatchObject({ success: true, transaction: first.json.transaction });
    expect((await relayerSnapshot()).recorded).toBe(before.recorded + 1);
  });
});
