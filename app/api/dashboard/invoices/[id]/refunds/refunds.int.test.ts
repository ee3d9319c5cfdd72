import { and, count, eq } from "drizzle-orm";
import type { Address, Hash, PrivateKeyAccount } from "viem";
import { encodeFunctionData, erc20Abi } from "viem";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { GET as getInvoiceRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook-endpoints/route";
import { devAccount } from "@/lib/chains/devAccounts";
import { getPaymentChains } from "@/lib/chains/registry";
import { resetConfigForTests } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { events, invoices, refunds, webhookDeliveries } from "@/lib/db/schema";
import { confirmPendingRefunds } from "@/lib/refunds/refunds";
import { type SessionHeaders, signedInMerchant } from "@/lib/tooling/testing/dashboard";
import {
  callRoute,
  chainClients,
  emptyAccount,
  send,
  tokenBalance,
} from "@/lib/tooling/testing/fixtures";
import {
  eventTypes,
  fund,
  newInvoice,
  payByWallet,
  paymentRows,
  plainTransfer,
  postHash,
  usdcOption,
} from "@/lib/tooling/testing/payments";
import { POST as cancelRoute } from "../cancel/route";
import { GET as detailRoute, POST as refundRoute } from "./route";

const payer = devAccount(1);
const USDC = () => tokenAddress("USDC");
const USDT = () => tokenAddress("USDT");

function tokenAddress(symbol: string): Address {
  const token = getPaymentChains()[0]!.tokens.find((candidate) => candidate.symbol === symbol);
  return token!.address as Address;
}

type Shop = Awaited<ReturnType<typeof signedInMerchant>> & { wallet: PrivateKeyAccount };

/** A merchant whose owner wallet holds gas and 100 USDC and 100 USDT to refund with. */
async function shop(): Promise<Shop> {
  const signedIn = await signedInMerchant({ name: "Refund Shop" });
  const { testClient } = chainClients();
  await testClient.setBalance({ address: signedIn.owner.address, value: 10n ** 18n });
  await fund(signedIn.owner.address, USDC(), 100_000_000n);
  await fund(signedIn.owner.address, USDT(), 100_000_000n);
  return { ...signedIn, wallet: signedIn.owner };
}

/** A $10 invoice paid in USDC by dev account 1; returns it with its payment's id. */
async function paidInvoice(merchant: Shop, amount = "10.00") {
  const invoice = await newInvoice(merchant.apiKey, { amount });
  const hash = await payByWallet(1, usdcOption(invoice));
  const posted = await postHash(submitPaymentRoute, invoice.id, hash);
  expect(posted.json.status, JSON.stringify(posted.json)).toBe("credited");
  const [payment] = await paymentRows(invoice.id);
  expect(payment!.status).toBe("confirmed");
  return { invoice, paymentId: payment!.id };
}

function postRefund(
  invoiceId: string,
  headers: Partial<SessionHeaders>,
  body: Record<string, unknown>,
) {
  return callRoute(refundRoute, {
    method: "POST",
    path: `/api/dashboard/invoices/${invoiceId}/refunds`,
    params: { id: invoiceId },
    headers: headers as Record<string, string>,
    body,
  });
}

function refundBody(paymentId: string, txHash: Hash, amount: string, to: Address = payer.address) {
  return { payment_id: paymentId, chain_id: 31337, tx_hash: txHash, to, amount };
}

async function apiInvoice(apiKey: string, id: string) {
  const { status, json } = await callRoute(getInvoiceRoute, { apiKey, params: { id } });
  expect(status).toBe(200);
  return json;
}

/** What refunds change; a refused refund must leave all of it as it was. */
async function snapshot(invoiceId: string) {
  const db = await getDb();
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  const [refundCount] = await db
    .select({ n: count() })
    .from(refunds)
    .where(eq(refunds.invoiceId, invoiceId));
  const [eventCount] = await db
    .select({ n: count() })
    .from(events)
    .where(eq(events.invoiceId, invoiceId));
  return {
    amountRefunded: invoice!.amountRefunded,
    updatedAt: invoice!.updatedAt.getTime(),
    refunds: refundCount!.n,
    events: eventCount!.n,
  };
}

let merchant: Shop;

beforeAll(async () => {
  merchant = await shop();
});

afterEach(() => {
  delete process.env.CONFIRMATIONS_31337;
  resetConfigForTests();
});

describe("refunds from the dashboard", () => {
  it("a partial then a full refund: verified on-chain, recorded, amount_refunded and refund_status follow, status stays paid, invoice.refunded is emitted and queued for webhooks", async () => {
    const endpoint = await callRoute(createEndpointRoute, {
      apiKey: merchant.apiKey,
      body: { url: "http://127.0.0.1:9/hooks", enabled_events: ["invoice.refunded"] },
    });
    expect(endpoint.status, JSON.stringify(endpoint.json)).toBe(201);
    const { invoice, paymentId } = await paidInvoice(merchant);
    const before = await tokenBalance(USDC(), payer.address);

    const partialHash = await plainTransfer(merchant.wallet, USDC(), payer.address, 4_000_000n);
    const partial = await postRefund(
      invoice.id,
      merchant.headers,
      refundBody(paymentId, partialHash, "4.00"),
    );
    expect(partial.status, JSON.stringify(partial.json)).toBe(201);
    expect(partial.json.refund).toMatchObject({
      tx_hash: partialHash,
      from: merchant.wallet.address,
      to: payer.address,
      token: USDC(),
      amount: "4.00",
      token_amount: "4000000",
      status: "confirmed",
    });
    expect(partial.json.refund.id).toMatch(/^ref_/);
    expect(partial.json.invoice).toMatchObject({
      status: "paid",
      amount_refunded: "4.00",
      refund_status: "partially_refunded",
    });
    expect(partial.json.refundable).toBe("6.00");

    const fullHash = await plainTransfer(merchant.wallet, USDC(), payer.address, 6_000_000n);
    const full = await postRefund(
      invoice.id,
      merchant.headers,
      refundBody(paymentId, fullHash, "6"),
    );
    expect(full.status, JSON.stringify(full.json)).toBe(201);
    expect(full.json.refundable).toBe("0.00");

    // The merchant API shows the same.
    const shown = await apiInvoice(merchant.apiKey, invoice.id);
    expect(shown).toMatchObject({
      status: "paid",
      amount_paid: "10.00",
      amount_refunded: "10.00",
      refund_status: "refunded",
    });
    expect(shown.refunds.map((refund: { amount: string }) => refund.amount)).toEqual([
      "4.00",
      "6.00",
    ]);
    expect(await tokenBalance(USDC(), payer.address)).toBe(before + 10_000_000n);

    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "invoice.paid",
      "invoice.refunded",
      "invoice.refunded",
    ]);
    const db = await getDb();
    const refundedEvents = await db
      .select()
      .from(events)
      .where(and(eq(events.invoiceId, invoice.id), eq(events.type, "invoice.refunded")))
      .orderBy(events.createdAt);
    expect(refundedEvents.map((event) => event.data.refund_status)).toEqual([
      "partially_refunded",
      "refunded",
    ]);
    const deliveries = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.json.id));
    expect(deliveries.map((delivery) => delivery.eventId).sort()).toEqual(
      refundedEvents.map((event) => event.id).sort(),
    );
  });

  it("refuses to refund more than was paid, in total, and writes nothing", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant, "5.00");
    const tooMuch = await plainTransfer(merchant.wallet, USDC(), payer.address, 5_010_000n);
    const before = await snapshot(invoice.id);
    const refused = await postRefund(
      invoice.id,
      merchant.headers,
      refundBody(paymentId, tooMuch, "5.01"),
    );
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "refund_exceeds_paid", param: "amount" });
    expect(refused.json.error.message).toContain("5.00 USD");
    expect(await snapshot(invoice.id)).toEqual(before);

    const first = await plainTransfer(merchant.wallet, USDC(), payer.address, 3_000_000n);
    expect(
      (await postRefund(invoice.id, merchant.headers, refundBody(paymentId, first, "3"))).status,
    ).toBe(201);
    const second = await plainTransfer(merchant.wallet, USDC(), payer.address, 3_000_000n);
    const afterFirst = await snapshot(invoice.id);
    const over = await postRefund(invoice.id, merchant.headers, refundBody(paymentId, second, "3"));
    expect(over.status).toBe(409);
    expect(over.json.error.message).toContain("2.00 USD");
    expect(await snapshot(invoice.id)).toEqual(afterFirst);
  });

  it("two refunds posted at once cannot together exceed what was paid", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant, "10.00");
    const a = await plainTransfer(merchant.wallet, USDC(), payer.address, 6_000_000n);
    const b = await plainTransfer(merchant.wallet, USDC(), payer.address, 6_000_000n);
    const answers = await Promise.all([
      postRefund(invoice.id, merchant.headers, refundBody(paymentId, a, "6")),
      postRefund(invoice.id, merchant.headers, refundBody(paymentId, b, "6")),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect((await apiInvoice(merchant.apiKey, invoice.id)).amount_refunded).toBe("6.00");
  });

  it("records the same transfer once", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant);
    const hash = await plainTransfer(merchant.wallet, USDC(), payer.address, 1_000_000n);
    expect(
      (await postRefund(invoice.id, merchant.headers, refundBody(paymentId, hash, "1"))).status,
    ).toBe(201);
    const before = await snapshot(invoice.id);
    const again = await postRefund(invoice.id, merchant.headers, refundBody(paymentId, hash, "1"));
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("refund_already_recorded");
    expect(await snapshot(invoice.id)).toEqual(before);
  });

  it("refuses a transfer to someone else, of another token, for another amount, a failed transaction, one not sent by the merchant, and an unmined hash; nothing is written", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant);
    const stranger = (await emptyAccount()).address;
    const toStranger = await plainTransfer(merchant.wallet, USDC(), stranger, 1_000_000n);
    const otherToken = await plainTransfer(merchant.wallet, USDT(), payer.address, 1_000_000n);
    const failed = await send(merchant.wallet, {
      to: USDC(),
      data: encodeFunctionData({
        abi: erc20Abi,
        functionName: "transfer",
        args: [payer.address, 10n ** 15n],
      }),
      gas: 100_000n,
    });
    const notMerchant = await plainTransfer(2, USDC(), payer.address, 1_000_000n);
    const before = await snapshot(invoice.id);

    const cases: [Hash, string, string, string][] = [
      [toStranger, "1", "refund_invalid", "to the recipient"],
      [otherToken, "1", "refund_invalid", "payment's token"],
      [toStranger, "2", "refund_invalid", "that amount"],
      [failed, "1", "refund_invalid", "failed"],
      [notMerchant, "1", "refund_invalid", "merchant's wallets"],
      [`0x${"ab".repeat(32)}`, "1", "refund_not_mined", "not mined"],
    ];
    for (const [hash, amount, code, message] of cases) {
      const answer = await postRefund(
        invoice.id,
        merchant.headers,
        refundBody(paymentId, hash, amount),
      );
      expect(answer.status, `${hash}: ${JSON.stringify(answer.json)}`).toBeGreaterThanOrEqual(400);
      expect(answer.json.error.code).toBe(code);
      expect(answer.json.error.message).toContain(message);
    }
    expect(await snapshot(invoice.id)).toEqual(before);
    const receipt = await chainClients().publicClient.getTransactionReceipt({ hash: failed });
    expect(receipt.status).toBe("reverted");
  });

  it("refuses bad input naming the field: amount, to, tx_hash, payment_id, chain_id", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant);
    const hash = await plainTransfer(merchant.wallet, USDC(), payer.address, 1_000_000n);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...refundBody(paymentId, hash, "abc") }, 400, "amount"],
      [{ ...refundBody(paymentId, hash, "0") }, 400, "amount"],
      [{ ...refundBody(paymentId, hash, "1.0000001") }, 400, "amount"],
      [{ ...refundBody(paymentId, hash, "1"), to: "0x123" }, 400, "to"],
      [{ ...refundBody(paymentId, hash, "1"), tx_hash: "0x12" }, 400, "tx_hash"],
      [{ ...refundBody("pay_nope", hash, "1") }, 404, "payment_id"],
      [{ ...refundBody(paymentId, hash, "1"), chain_id: 1 }, 400, "chain_id"],
      [{ ...refundBody(paymentId, hash, "1"), extra: true }, 400, "extra"],
    ];
    const before = await snapshot(invoice.id);
    for (const [body, status, param] of cases) {
      const answer = await postRefund(invoice.id, merchant.headers, body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(status);
      expect(answer.json.error.param).toBe(param);
    }
    expect(await snapshot(invoice.id)).toEqual(before);
  });

  it("another merchant's session gets 404 (for the invoice and the page's read); no CSRF token or another Origin gets 403", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant);
    const hash = await plainTransfer(merchant.wallet, USDC(), payer.address, 1_000_000n);
    const other = await signedInMerchant({ name: "Other Shop" });
    const body = refundBody(paymentId, hash, "1");
    const before = await snapshot(invoice.id);

    const foreign = await postRefund(invoice.id, other.headers, body);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("resource_not_found");
    const foreignRead = await callRoute(detailRoute, {
      params: { id: invoice.id },
      headers: other.headers,
    });
    expect(foreignRead.status).toBe(404);
    const foreignCancel = await callRoute(cancelRoute, {
      method: "POST",
      params: { id: invoice.id },
      headers: other.headers,
    });
    expect(foreignCancel.status).toBe(404);

    const { "x-csrf-token": _csrf, ...withoutCsrf } = merchant.headers;
    const noCsrf = await postRefund(invoice.id, withoutCsrf, body);
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error.code).toBe("csrf_failed");
    const crossSite = await postRefund(
      invoice.id,
      { ...merchant.headers, origin: "https://evil.example" },
      body,
    );
    expect(crossSite.status).toBe(403);
    const signedOut = await postRefund(invoice.id, { origin: merchant.headers.origin }, body);
    expect(signedOut.status).toBe(401);
    expect(await snapshot(invoice.id)).toEqual(before);

    // The rightful merchant can still record it.
    expect((await postRefund(invoice.id, merchant.headers, body)).status).toBe(201);
  });

  it("a refund short of the chain's confirmations is recorded as confirming, holds its amount, and is confirmed by the job, never by a read", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant);
    process.env.CONFIRMATIONS_31337 = "3";
    resetConfigForTests();
    const hash = await plainTransfer(merchant.wallet, USDC(), payer.address, 7_000_000n);
    const posted = await postRefund(invoice.id, merchant.headers, refundBody(paymentId, hash, "7"));
    expect(posted.status, JSON.stringify(posted.json)).toBe(201);
    expect(posted.json.refund).toMatchObject({ status: "confirming", confirmations: 1 });
    expect(posted.json.invoice).toMatchObject({ amount_refunded: "0.00", refund_status: null });
    expect(posted.json.refundable).toBe("3.00");
    expect(await eventTypes(invoice.id)).not.toContain("invoice.refunded");

    // The amount is held: another 7 would exceed what was paid.
    const more = await plainTransfer(merchant.wallet, USDC(), payer.address, 7_000_000n);
    expect(
      (await postRefund(invoice.id, merchant.headers, refundBody(paymentId, more, "7"))).status,
    ).toBe(409);

    await chainClients().testClient.mine({ blocks: 2 });
    // Reading writes nothing: the refund stays confirming until the job looks at it.
    const early = await callRoute(detailRoute, {
      params: { id: invoice.id },
      headers: merchant.headers,
    });
    expect(early.json.invoice.refunds[0]).toMatchObject({ status: "confirming" });
    expect(await eventTypes(invoice.id)).not.toContain("invoice.refunded");
    await confirmPendingRefunds(await getDb());
    const read = await callRoute(detailRoute, {
      params: { id: invoice.id },
      headers: merchant.headers,
    });
    expect(read.status).toBe(200);
    expect(read.json.invoice).toMatchObject({
      amount_refunded: "7.00",
      refund_status: "partially_refunded",
    });
    expect(read.json.invoice.refunds[0]).toMatchObject({ status: "confirmed" });
    expect(await eventTypes(invoice.id)).toContain("invoice.refunded");
  });

  it("the refund-confirmation job confirms a confirming refund without anyone reading the invoice", async () => {
    const { invoice, paymentId } = await paidInvoice(merchant);
    process.env.CONFIRMATIONS_31337 = "2";
    resetConfigForTests();
    const hash = await plainTransfer(merchant.wallet, USDC(), payer.address, 2_000_000n);
    const posted = await postRefund(invoice.id, merchant.headers, refundBody(paymentId, hash, "2"));
    expect(posted.json.refund.status).toBe("confirming");
    const db = await getDb();
    expect(await confirmPendingRefunds(db)).toBeGreaterThanOrEqual(1);
    expect(await eventTypes(invoice.id)).not.toContain("invoice.refunded");
    await chainClients().testClient.mine({ blocks: 1 });
    await confirmPendingRefunds(db);
    expect(await eventTypes(invoice.id)).toContain("invoice.refunded");
    const [row] = await db.select().from(refunds).where(eq(refunds.invoiceId, invoice.id));
    expect(row).toMatchObject({ status: "confirmed", confirmations: 2 });
    const [stored] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(stored!.amountRefunded).toBe(2n * 10n ** 18n);
  });

  it("the invoice page's read has its timeline and payments; cancel works only while open and unpaid", async () => {
    const { invoice } = await paidInvoice(merchant);
    const read = await callRoute(detailRoute, {
      params: { id: invoice.id },
      headers: merchant.headers,
    });
    expect(read.status).toBe(200);
    expect(read.json.events.map((event: { type: string }) => event.type)).toEqual([
      "invoice.created",
      "invoice.paid",
    ]);
    expect(read.json.payments[0].id).toMatch(/^pay_/);
    expect(read.json.cancelable).toBe(false);
    const refused = await callRoute(cancelRoute, {
      method: "POST",
      params: { id: invoice.id },
      headers: merchant.headers,
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("invoice_not_cancelable");

    const open = await newInvoice(merchant.apiKey);
    const canceled = await callRoute(cancelRoute, {
      method: "POST",
      params: { id: open.id },
      headers: merchant.headers,
    });
    expect(canceled.status).toBe(200);
    expect(canceled.json.invoice.status).toBe("canceled");
    expect(canceled.json.cancelable).toBe(false);
    const noCsrf = await callRoute(cancelRoute, {
      method: "POST",
      params: { id: open.id },
      headers: { cookie: merchant.headers.cookie, origin: merchant.headers.origin },
    });
    expect(noCsrf.status).toBe(403);
  });
});
