import { createConfig, lintFromString } from "@redocly/openapi-core";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { type Address, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postAuthorizationRoute } from "@/app/api/checkout/[id]/authorizations/route";
import { GET as checkoutEventsRoute } from "@/app/api/checkout/[id]/events/route";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { GET as checkoutRoute } from "@/app/api/checkout/[id]/route";
import { POST as settleRoute } from "@/app/api/x402/facilitator/settle/route";
import { GET as supportedRoute } from "@/app/api/x402/facilitator/supported/route";
import { POST as verifyRoute } from "@/app/api/x402/facilitator/verify/route";
import { GET as x402InvoiceRoute } from "@/app/api/x402/invoices/[id]/route";
import { GET as x402LinkRoute } from "@/app/api/x402/links/[id]/route";
import { devAccount } from "@/lib/chains/devAccounts";
import { getPaymentChains } from "@/lib/chains/registry";
import { resetConfigForTests } from "@/lib/config/config";
import { addMember } from "@/lib/dashboard/sessions";
import { getDb } from "@/lib/db/client";
import { transferCalldata } from "@/lib/invoices/paymentOptions";
import { recordRefund } from "@/lib/refunds/refunds";
import { forgetRelayerStates, relayerState } from "@/lib/relayer/relayerState";
import {
  callRoute,
  chainClients,
  createMerchant,
  emptyAccount,
  send,
} from "@/lib/tooling/testing/fixtures";
import { fund, paymentRows, plainTransfer, usdcOption } from "@/lib/tooling/testing/payments";
import { authorizationBody, signAuthorization } from "@/lib/tooling/testing/signAuthorization";
import { startWebhookReceiver } from "@/lib/tooling/testing/webhookReceiver";
import { paymentHeaderFor } from "@/lib/tooling/testing/x402";
import { deliverDueWebhooks } from "@/lib/webhooks/sender";
import { GET as getEventRoute } from "./events/[id]/route";
import { GET as listEventsRoute } from "./events/route";
import { POST as cancelRoute } from "./invoices/[id]/cancel/route";
import { GET as getInvoiceRoute } from "./invoices/[id]/route";
import { POST as createInvoiceRoute, GET as listInvoicesRoute } from "./invoices/route";
import { GET as openApiRoute } from "./openapi.json/route";
import { GET as getLinkRoute, POST as updateLinkRoute } from "./payment-links/[id]/route";
import { POST as createLinkRoute, GET as listLinksRoute } from "./payment-links/route";
import { GET as listUnmatchedRoute } from "./unmatched-payments/route";
import { POST as redeliverRoute } from "./webhook-endpoints/[id]/deliveries/[delivery_id]/redeliver/route";
import { GET as deliveriesRoute } from "./webhook-endpoints/[id]/deliveries/route";
import { POST as rotateRoute } from "./webhook-endpoints/[id]/rotate-secret/route";
import {
  DELETE as deleteEndpointRoute,
  GET as getEndpointRoute,
  POST as updateEndpointRoute,
} from "./webhook-endpoints/[id]/route";
import { POST as testEndpointRoute } from "./webhook-endpoints/[id]/test/route";
import { POST as createEndpointRoute, GET as listEndpointsRoute } from "./webhook-endpoints/route";

/**
 * The contract: every endpoint's real answers, errors included, validate against the OpenAPI
 * document the server publishes, and the document passes a standard linter.
 */
type Recorded = { method: string; path: string; status: number; body: unknown };
const recorded: Recorded[] = [];
let doc: Record<string, unknown>;
let apiKey: string;
let merchant: Awaited<ReturnType<typeof createMerchant>>["merchant"];

async function record(method: string, path: string, call: ReturnType<typeof callRoute>) {
  const answer = await call;
  recorded.push({ method, path, status: answer.status, body: answer.json });
  return answer;
}

beforeAll(async () => {
  doc = (await callRoute(openApiRoute as never)).json;
  ({ apiKey, merchant } = await createMerchant({ name: "Contract Shop" }));
});

afterAll(() => {
  process.env.RATE_LIMIT_PER_KEY = "0";
  resetConfigForTests();
});

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended lint rules without errors or warnings", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: "openapi.json",
      config,
    });
    const described = problems.map(
      (problem) =>
        `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
    );
    expect(described).toEqual([]);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("every endpoint's real answers validate against it", async () => {
    const auth = { apiKey };
    // Invoices
    const created = await record(
      "post",
      "/api/v1/invoices",
      callRoute(createInvoiceRoute, {
        ...auth,
        body: {
          amount: "5.00",
          currency: "USD",
          items: [{ name: "Tea", quantity: 2, unit_amount: "2.50" }],
          metadata: { a: "b" },
        },
      }),
    );
    expect(created.status).toBe(201);
    const invoiceId = created.json.id as string;
    await record(
      "post",
      "/api/v1/invoices",
      callRoute(createInvoiceRoute, { ...auth, body: { amount: "abc", currency: "USD" } }),
    );
    await record(
      "post",
      "/api/v1/invoices",
      callRoute(createInvoiceRoute, { body: { amount: "1.00", currency: "USD" } }),
    );
    await record(
      "post",
      "/api/v1/invoices",
      callRoute(createInvoiceRoute, {
        ...auth,
        rawBody: "a=b",
        headers: { "content-type": "text/plain" },
      }),
    );
    await record(
      "post",
      "/api/v1/invoices",
      callRoute(createInvoiceRoute, {
        ...auth,
        body: { amount: "1.00", currency: "USD", description: "x".repeat(70_000) },
      }),
    );
    await record(
      "post",
      "/api/v1/invoices",
      callRoute(createInvoiceRoute, {
        ...auth,
        body: { amount: "1.00", currency: "USD" },
        headers: { "idempotency-key": "contract" },
      }),
    );
    await record(
      "post",
      "/api/v1/invoices",
      callRoute(createInvoiceRoute, {
        ...auth,
        body: { amount: "2.00", currency: "USD" },
        headers: { "idempotency-key": "contract" },
      }),
    );
    await record(
      "get",
      "/api/v1/invoices",
      callRoute(listInvoicesRoute, { ...auth, path: "/api/v1/invoices?limit=2" }),
    );
    await record(
      "get",
      "/api/v1/invoices",
      callRoute(listInvoicesRoute, { ...auth, path: "/api/v1/invoices?limit=0" }),
    );
    await record(
      "get",
      "/api/v1/invoices/{id}",
      callRoute(getInvoiceRoute, { ...auth, params: { id: invoiceId } }),
    );
    await record(
      "get",
      "/api/v1/invoices/{id}",
      callRoute(getInvoiceRoute, { ...auth, params: { id: "inv_00000000000000000000000000" } }),
    );

    // Checkout, paying the invoice for real
    await record(
      "get",
      "/api/checkout/{id}",
      callRoute(checkoutRoute, { params: { id: invoiceId } }),
    );
    await record(
      "get",
      "/api/checkout/{id}",
      callRoute(checkoutRoute, { params: { id: "inv_00000000000000000000000000" } }),
    );
    // The event stream: its first `invoice` event is recorded as the answer's body.
    for (const id of [invoiceId, "inv_00000000000000000000000000"]) {
      const abort = new AbortController();
      const response = await checkoutEventsRoute(
        new Request(`http://checkout.test/api/checkout/${id}/events`, { signal: abort.signal }),
        { params: Promise.resolve({ id }) },
      );
      let body: unknown;
      if (response.status === 200) {
        const reader = response.body!.getReader();
        let text = "";
        while (!/event: invoice\ndata: .*\n\n/.test(text)) {
          text += new TextDecoder().decode((await reader.read()).value);
        }
        body = JSON.parse(/event: invoice\ndata: (.*)\n\n/.exec(text)![1]!);
        abort.abort();
      } else {
        body = await response.json();
      }
      recorded.push({
        method: "get",
        path: "/api/checkout/{id}/events",
        status: response.status,
        body,
      });
    }
    const option = created.json.payment_options[0];
    const hash = await send(1, option.transaction);
    await record(
      "post",
      "/api/checkout/{id}/payments",
      callRoute(submitPaymentRoute, {
        params: { id: invoiceId },
        body: { chain_id: 31337, tx_hash: hash },
      }),
    );
    await record(
      "post",
      "/api/checkout/{id}/payments",
      callRoute(submitPaymentRoute, {
        params: { id: invoiceId },
        body: { chain_id: 31337, tx_hash: `0x${"12".repeat(32)}` },
      }),
    );
    await record(
      "post",
      "/api/checkout/{id}/payments",
      callRoute(submitPaymentRoute, {
        params: { id: invoiceId },
        body: { chain_id: 1, tx_hash: hash },
      }),
    );
    await record(
      "post",
      "/api/checkout/{id}/payments",
      callRoute(submitPaymentRoute, { params: { id: invoiceId }, body: { chain_id: 31337 } }),
    );
    // A partial refund from a member wallet, so the invoice answers carry one.
    const refunder = await emptyAccount();
    const db = await getDb();
    await addMember(db, { merchantId: merchant.id, address: refunder.address, role: "member" });
    await fund(refunder.address, option.token.address, 1_000_000n);
    const refundHash = await plainTransfer(
      refunder,
      option.token.address,
      devAccount(1).address,
      1_000_000n,
    );
    const [payment] = await paymentRows(invoiceId);
    await recordRefund(db, {
      merchant,
      livemode: false,
      invoiceId,
      paymentId: payment!.id,
      chainId: 31337,
      txHash: refundHash,
      to: devAccount(1).address,
      amount: "1.00",
    });
    const refunded = await record(
      "get",
      "/api/v1/invoices/{id}",
      callRoute(getInvoiceRoute, { ...auth, params: { id: invoiceId } }),
    );
    expect(refunded.json).toMatchObject({
      amount_refunded: "1.00",
      refund_status: "partially_refunded",
      refunds: [{ amount: "1.00", token_amount: "1000000", status: "confirmed" }],
    });
    await record(
      "get",
      "/api/v1/invoices",
      callRoute(listInvoicesRoute, { ...auth, path: "/api/v1/invoices?limit=5" }),
    );
    await record(
      "post",
      "/api/v1/invoices/{id}/cancel",
      callRoute(cancelRoute, { ...auth, method: "POST", params: { id: invoiceId } }),
    );
    const open = await callRoute(createInvoiceRoute, {
      ...auth,
      body: { amount: "1.00", currency: "USD" },
    });
    await record(
      "post",
      "/api/v1/invoices/{id}/cancel",
      callRoute(cancelRoute, { ...auth, method: "POST", params: { id: open.json.id } }),
    );
    // Paid after it was canceled: recorded, still canceled, with the paid_after_cancel exception.
    const paidAnyway = await record(
      "post",
      "/api/checkout/{id}/payments",
      callRoute(submitPaymentRoute, {
        params: { id: open.json.id },
        body: { chain_id: 31337, tx_hash: await send(2, open.json.payment_options[0].transaction) },
      }),
    );
    expect(paidAnyway.json.invoice).toMatchObject({
      status: "canceled",
      exception: "paid_after_cancel",
    });
    await record(
      "get",
      "/api/v1/invoices/{id}",
      callRoute(getInvoiceRoute, { ...auth, params: { id: open.json.id } }),
    );
    await record(
      "post",
      "/api/v1/invoices/{id}/cancel",
      callRoute(cancelRoute, {
        ...auth,
        method: "POST",
        params: { id: "inv_00000000000000000000000000" },
      }),
    );

    // Gasless: a shopper with no ETH signs the option's authorization; the relayer pays the gas.
    const relayerKey = generatePrivateKey();
    process.env.RELAYER_PRIVATE_KEY_31337 = relayerKey;
    resetConfigForTests();
    forgetRelayerStates();
    await chainClients().testClient.setBalance({
      address: privateKeyToAccount(relayerKey).address,
      value: parseEther("1"),
    });
    await relayerState(getPaymentChains()[0]!, 0);
    const gasless = await callRoute(createInvoiceRoute, {
      ...auth,
      body: { amount: "2.00", currency: "USD" },
    });
    const gaslessOption = usdcOption(
      (await callRoute(checkoutRoute, { params: { id: gasless.json.id } })).json,
    );
    const shopper = privateKeyToAccount(generatePrivateKey());
    await fund(shopper.address, gaslessOption.token.address, 2_000_000n);
    const signed = authorizationBody(await signAuthorization(shopper, gaslessOption));
    const relayed = await record(
      "post",
      "/api/checkout/{id}/authorizations",
      callRoute(postAuthorizationRoute, { params: { id: gasless.json.id }, body: signed }),
    );
    expect(relayed.status).toBe(202);
    await record(
      "post",
      "/api/checkout/{id}/authorizations",
      callRoute(postAuthorizationRoute, { params: { id: gasless.json.id }, body: signed }),
    );
    await record(
      "post",
      "/api/checkout/{id}/authorizations",
      callRoute(postAuthorizationRoute, {
        params: { id: gasless.json.id },
        body: { ...signed, signature: "0x1234" },
      }),
    );
    await record(
      "post",
      "/api/checkout/{id}/authorizations",
      callRoute(postAuthorizationRoute, {
        params: { id: "inv_00000000000000000000000000" },
        body: signed,
      }),
    );
    await chainClients().publicClient.waitForTransactionReceipt({ hash: relayed.json.tx_hash });

    // x402: an invoice and a link paid over HTTP 402, and the facilitator.
    const usdc = gaslessOption.token.address as Address;
    const agent = privateKeyToAccount(generatePrivateKey());
    await fund(agent.address, usdc, 10_000_000n);
    const x402Invoice = await callRoute(createInvoiceRoute, {
      ...auth,
      body: { amount: "1.00", currency: "USD" },
    });
    const invoiceRequired = await record(
      "get",
      "/api/x402/invoices/{id}",
      callRoute(x402InvoiceRoute, { params: { id: x402Invoice.json.id } }),
    );
    expect(invoiceRequired.status).toBe(402);
    const x402Paid = await record(
      "get",
      "/api/x402/invoices/{id}",
      callRoute(x402InvoiceRoute, {
        params: { id: x402Invoice.json.id },
        headers: {
          "payment-signature": await paymentHeaderFor(agent, invoiceRequired.json, usdc),
        },
      }),
    );
    expect(x402Paid.json.status).toBe("paid");
    await record(
      "get",
      "/api/x402/invoices/{id}",
      callRoute(x402InvoiceRoute, { params: { id: open.json.id } }),
    );
    await record(
      "get",
      "/api/x402/invoices/{id}",
      callRoute(x402InvoiceRoute, { params: { id: "inv_00000000000000000000000000" } }),
    );
    const x402Link = await callRoute(createLinkRoute, {
      ...auth,
      body: { amount: "1.00", currency: "USD" },
    });
    const linkRequired = await record(
      "get",
      "/api/x402/links/{id}",
      callRoute(x402LinkRoute, { params: { id: x402Link.json.id } }),
    );
    expect(linkRequired.status).toBe(402);
    const linkPaid = await record(
      "get",
      "/api/x402/links/{id}",
      callRoute(x402LinkRoute, {
        params: { id: x402Link.json.id },
        headers: { "payment-signature": await paymentHeaderFor(agent, linkRequired.json, usdc) },
      }),
    );
    expect(linkPaid.json.status).toBe("paid");
    await record(
      "get",
      "/api/x402/links/{id}",
      callRoute(x402LinkRoute, { params: { id: "plink_00000000000000000000000000" } }),
    );
    await record("get", "/api/x402/facilitator/supported", callRoute(supportedRoute, { ...auth }));
    await record("get", "/api/x402/facilitator/supported", callRoute(supportedRoute, {}));
    const requirements = { ...linkRequired.json.accepts[0], payTo: merchant.settlementAddress };
    const header = await paymentHeaderFor(
      agent,
      { ...linkRequired.json, accepts: [requirements] },
      usdc,
    );
    const facilitatorBody = {
      x402Version: 2,
      paymentPayload: JSON.parse(Buffer.from(header, "base64").toString("utf8")),
      paymentRequirements: requirements,
    };
    for (const step of ["verify", "settle"] as const) {
      const route = step === "verify" ? verifyRoute : settleRoute;
      const answered = await record(
        "post",
        `/api/x402/facilitator/${step}`,
        callRoute(route, { ...auth, body: facilitatorBody }),
      );
      expect(answered.status).toBe(200);
      await record(
        "post",
        `/api/x402/facilitator/${step}`,
        callRoute(route, { ...auth, body: { x402Version: 1 } }),
      );
      await record(
        "post",
        `/api/x402/facilitator/${step}`,
        callRoute(route, { body: facilitatorBody }),
      );
    }
    delete process.env.RELAYER_PRIVATE_KEY_31337;
    resetConfigForTests();
    forgetRelayerStates();

    // Payment links
    const link = await record(
      "post",
      "/api/v1/payment-links",
      callRoute(createLinkRoute, {
        ...auth,
        body: { amount: null, currency: "USD", accept: [{ chain_id: 31337, token: "USDC" }] },
      }),
    );
    await record(
      "post",
      "/api/v1/payment-links",
      callRoute(createLinkRoute, { ...auth, body: { amount: "0", currency: "USD" } }),
    );
    await record(
      "get",
      "/api/v1/payment-links",
      callRoute(listLinksRoute, { ...auth, path: "/api/v1/payment-links" }),
    );
    await record(
      "get",
      "/api/v1/payment-links",
      callRoute(listLinksRoute, { ...auth, path: "/api/v1/payment-links?active=maybe" }),
    );
    await record(
      "get",
      "/api/v1/payment-links/{id}",
      callRoute(getLinkRoute, { ...auth, params: { id: link.json.id } }),
    );
    await record(
      "get",
      "/api/v1/payment-links/{id}",
      callRoute(getLinkRoute, { ...auth, params: { id: "plink_00000000000000000000000000" } }),
    );
    await record(
      "post",
      "/api/v1/payment-links/{id}",
      callRoute(updateLinkRoute, {
        ...auth,
        params: { id: link.json.id },
        body: { active: false },
      }),
    );
    await record(
      "post",
      "/api/v1/payment-links/{id}",
      callRoute(updateLinkRoute, {
        ...auth,
        params: { id: link.json.id },
        body: { colour: "red" },
      }),
    );

    // Events
    const events = await record(
      "get",
      "/api/v1/events",
      callRoute(listEventsRoute, { ...auth, path: "/api/v1/events?limit=3" }),
    );
    await record(
      "get",
      "/api/v1/events",
      callRoute(listEventsRoute, { ...auth, path: "/api/v1/events?type=nope" }),
    );
    await record(
      "get",
      "/api/v1/events/{id}",
      callRoute(getEventRoute, { ...auth, params: { id: events.json.data[0].id } }),
    );
    await record(
      "get",
      "/api/v1/events/{id}",
      callRoute(getEventRoute, { ...auth, params: { id: "evt_00000000000000000000000000" } }),
    );

    // Unmatched payments: a USD token sent with a EUR invoice's reference credits nothing, and
    // the checkout's 422 leaves it listed for the merchant to refund.
    const euro = await callRoute(createInvoiceRoute, {
      ...auth,
      body: { amount: "2.00", currency: "EUR" },
    });
    const inDollars = await send(3, {
      to: option.token.address,
      data: transferCalldata(option.recipient, 2_000_000n, euro.json.payment_options[0].reference),
    });
    const notCredited = await record(
      "post",
      "/api/checkout/{id}/payments",
      callRoute(submitPaymentRoute, {
        params: { id: euro.json.id },
        body: { chain_id: 31337, tx_hash: inDollars },
      }),
    );
    expect(notCredited.status).toBe(422);
    const unmatched = await record(
      "get",
      "/api/v1/unmatched-payments",
      callRoute(listUnmatchedRoute, { ...auth, path: "/api/v1/unmatched-payments" }),
    );
    expect(unmatched.json.data).toEqual([
      expect.objectContaining({
        reason: "other_currency",
        invoice: euro.json.id,
        tx_hash: inDollars,
      }),
    ]);
    await record(
      "get",
      "/api/v1/unmatched-payments",
      callRoute(listUnmatchedRoute, {
        ...auth,
        path: `/api/v1/unmatched-payments?reason=other_currency&invoice=${euro.json.id}&limit=1`,
      }),
    );
    await record(
      "get",
      "/api/v1/unmatched-payments",
      callRoute(listUnmatchedRoute, { ...auth, path: "/api/v1/unmatched-payments?reason=lost" }),
    );
    await record(
      "get",
      "/api/v1/unmatched-payments",
      callRoute(listUnmatchedRoute, { path: "/api/v1/unmatched-payments" }),
    );

    // Webhook endpoints
    const receiver = await startWebhookReceiver();
    const endpoint = await record(
      "post",
      "/api/v1/webhook-endpoints",
      callRoute(createEndpointRoute, { ...auth, body: { url: receiver.url } }),
    );
    receiver.setSecret(endpoint.json.secret);
    const endpointId = endpoint.json.id as string;
    const missing = { id: "we_00000000000000000000000000" };
    await record(
      "post",
      "/api/v1/webhook-endpoints",
      callRoute(createEndpointRoute, { ...auth, body: { url: "http://169.254.169.254/" } }),
    );
    await record(
      "get",
      "/api/v1/webhook-endpoints",
      callRoute(listEndpointsRoute, { ...auth, path: "/api/v1/webhook-endpoints" }),
    );
    await record(
      "get",
      "/api/v1/webhook-endpoints",
      callRoute(listEndpointsRoute, { ...auth, path: "/api/v1/webhook-endpoints?limit=0" }),
    );
    await record(
      "get",
      "/api/v1/webhook-endpoints/{id}",
      callRoute(getEndpointRoute, { ...auth, params: { id: endpointId } }),
    );
    await record(
      "get",
      "/api/v1/webhook-endpoints/{id}",
      callRoute(getEndpointRoute, { ...auth, params: missing }),
    );
    await record(
      "post",
      "/api/v1/webhook-endpoints/{id}",
      callRoute(updateEndpointRoute, {
        ...auth,
        params: { id: endpointId },
        body: { description: "orders" },
      }),
    );
    await record(
      "post",
      "/api/v1/webhook-endpoints/{id}",
      callRoute(updateEndpointRoute, { ...auth, params: { id: endpointId }, body: {} }),
    );
    await record(
      "post",
      "/api/v1/webhook-endpoints/{id}/rotate-secret",
      callRoute(rotateRoute, { ...auth, method: "POST", params: { id: endpointId } }),
    );
    await record(
      "post",
      "/api/v1/webhook-endpoints/{id}/rotate-secret",
      callRoute(rotateRoute, { ...auth, method: "POST", params: missing }),
    );
    const queued = await record(
      "post",
      "/api/v1/webhook-endpoints/{id}/test",
      callRoute(testEndpointRoute, { ...auth, method: "POST", params: { id: endpointId } }),
    );
    await record(
      "post",
      "/api/v1/webhook-endpoints/{id}/test",
      callRoute(testEndpointRoute, { ...auth, method: "POST", params: missing }),
    );
    await deliverDueWebhooks(await getDb());
    await record(
      "get",
      "/api/v1/webhook-endpoints/{id}/deliveries",
      callRoute(deliveriesRoute, { ...auth, params: { id: endpointId } }),
    );
    await record(
      "get",
      "/api/v1/webhook-endpoints/{id}/deliveries",
      callRoute(deliveriesRoute, { ...auth, params: missing }),
    );
    await record(
      "post",
      "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver",
      callRoute(redeliverRoute, {
        ...auth,
        method: "POST",
        params: { id: endpointId, delivery_id: queued.json.id },
      }),
    );
    await record(
      "post",
      "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver",
      callRoute(redeliverRoute, {
        ...auth,
        method: "POST",
        params: { id: endpointId, delivery_id: "whd_none" },
      }),
    );
    await record(
      "delete",
      "/api/v1/webhook-endpoints/{id}",
      callRoute(deleteEndpointRoute, { ...auth, method: "DELETE", params: { id: endpointId } }),
    );
    await record(
      "delete",
      "/api/v1/webhook-endpoints/{id}",
      callRoute(deleteEndpointRoute, { ...auth, method: "DELETE", params: { id: endpointId } }),
    );
    await receiver.close();

    // Rate limited
    process.env.RATE_LIMIT_PER_KEY = "1";
    resetConfigForTests();
    for (let i = 0; i < 3; i++) {
      await record(
        "get",
        "/api/v1/invoices/{id}",
        callRoute(getInvoiceRoute, { ...auth, params: { id: invoiceId } }),
      );
    }
    process.env.RATE_LIMIT_PER_KEY = "0";
    resetConfigForTests();

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, "openapi.json");
    const paths = doc.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown> }>
    >;
    const failures: string[] = [];
    for (const answer of recorded) {
      const operation = paths[answer.path]?.[answer.method];
      if (!operation) {
        failures.push(`${answer.method} ${answer.path} is not documented`);
        continue;
      }
      if (!operation.responses[String(answer.status)]) {
        failures.push(
          `${answer.method} ${answer.path} answered ${answer.status}, which is not documented`,
        );
        continue;
      }
      // An event stream is checked by its invoice event's data (x-event-data).
      const documented = operation.responses[String(answer.status)] as {
        content?: Record<string, unknown>;
      };
      const media =
        documented.content && "text/event-stream" in documented.content
          ? "text~1event-stream/x-event-data"
          : "application~1json/schema";
      const pointer = `openapi.json#/paths/${answer.path.replaceAll("~", "~0").replaceAll("/", "~1")}/${answer.method}/responses/${answer.status}/content/${media}`;
      const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
      if (!validate(answer.body)) {
        failures.push(
          `${answer.method} ${answer.path} ${answer.status}: ${ajv.errorsText(validate.errors)}`,
        );
      }
    }
    expect(failures).toEqual([]);

    // Every documented operation was exercised, with success and with an error.
    for (const [path, methods] of Object.entries(paths)) {
      for (const method of Object.keys(methods)) {
        const statuses = recorded
          .filter((r) => r.path === path && r.method === method)
          .map((r) => r.status);
        expect(
          statuses.some((s) => s < 300),
          `${method} ${path} succeeded`,
        ).toBe(true);
        expect(
          statuses.some((s) => s >= 400),
          `${method} ${path} failed`,
        ).toBe(true);
      }
    }
    expect(recorded.map((r) => r.status)).toEqual(
      expect.arrayContaining([200, 201, 202, 400, 401, 404, 409, 413, 415, 422, 429]),
    );
  });

  it("a wrong answer would fail: the validator is not a rubber stamp", async () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema(doc, "openapi.json");
    const validate = ajv.compile({ $ref: "openapi.json#/components/schemas/Invoice" });
    const { json } = await callRoute(createInvoiceRoute, {
      apiKey,
      body: { amount: "1.00", currency: "USD" },
    });
    expect(validate(json)).toBe(true);
    expect(validate({ ...json, amount: 1 })).toBe(false);
    expect(validate({ ...json, surprise: true })).toBe(false);
    const { status: _s, ...missing } = json;
    expect(validate(missing)).toBe(false);

    const unmatched = ajv.compile({ $ref: "openapi.json#/components/schemas/UnmatchedPayment" });
    const [row] = (
      await callRoute(listUnmatchedRoute, { apiKey, path: "/api/v1/unmatched-payments" })
    ).json.data;
    expect(unmatched(row)).toBe(true);
    expect(unmatched({ ...row, reason: "lost" })).toBe(false);
    expect(unmatched({ ...row, amount: 2000000 })).toBe(false);
  });
});
