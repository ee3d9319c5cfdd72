import { count, eq } from "drizzle-orm";
import type { Address, Hash, Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getInvoiceRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { getDb } from "@/lib/db/client";
import { events, invoices, paymentSubmissions, payments, unmatchedPayments } from "@/lib/db/schema";
import { cancelInvoice } from "@/lib/invoices/cancelInvoice";
import { transferCalldata } from "@/lib/invoices/paymentOptions";
import { creditTransfers } from "@/lib/payments/ledger/creditTransfers";
import {
  callRoute,
  chainClients,
  createMerchant,
  emptyAccount,
  send,
  tokenBalance,
} from "@/lib/tooling/testing/fixtures";
import { eventTypes } from "@/lib/tooling/testing/payments";
import { POST as submitPaymentRoute } from "./route";

type Option = {
  chain_id: number;
  token: { symbol: string; address: Address; decimals: number };
  amount: string;
  recipient: Address;
  reference: Hex;
  transaction: { to: Address; data: Hex; value: string };
};

let apiKey: string;

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Payments Shop" }));
});

async function newInvoice(body: Record<string, unknown> = {}) {
  const { status, json } = await callRoute(createInvoiceRoute, {
    apiKey,
    path: "/api/v1/invoices",
    body: { amount: "12.50", currency: "USD", ...body },
  });
  expect(status).toBe(201);
  return json as { id: string; payment_options: Option[] } & Record<string, unknown>;
}

async function fetchInvoice(id: string) {
  const { status, json } = await callRoute(getInvoiceRoute, {
    apiKey,
    path: `/api/v1/invoices/${id}`,
    params: { id },
  });
  expect(status).toBe(200);
  return json;
}

function postPayment(
  invoiceId: string,
  body: unknown,
  rawBody?: string,
  headers?: Record<string, string>,
) {
  return callRoute(submitPaymentRoute, {
    path: `/api/checkout/${invoiceId}/payments`,
    params: { id: invoiceId },
    body: rawBody === undefined ? body : undefined,
    rawBody,
    headers: rawBody === undefined ? headers : { "content-type": "application/json", ...headers },
    method: "POST",
  });
}

const usdcOption = (invoice: { payment_options: Option[] }) =>
  invoice.payment_options.find((option) => option.token.symbol === "USDC")!;

/** What the database holds for an invoice: used to prove a refused request changed nothing. */
async function snapshot(invoiceId: string) {
  const db = await getDb();
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  const [paymentCount] = await db
    .select({ n: count() })
    .from(payments)
    .where(eq(payments.invoiceId, invoiceId));
  const [submissionCount] = await db
    .select({ n: count() })
    .from(paymentSubmissions)
    .where(eq(paymentSubmissions.invoiceId, invoiceId));
  const [eventCount] = await db
    .select({ n: count() })
    .from(events)
    .where(eq(events.invoiceId, invoiceId));
  return {
    status: invoice!.status,
    exception: invoice!.exception,
    amountPaid: invoice!.amountPaid,
    payments: paymentCount!.n,
    submissions: submissionCount!.n,
    events: eventCount!.n,
  };
}

describe("paying an invoice with its payment option's transaction", () => {
  it("credits the transfer and marks the invoice paid", async () => {
    const invoice = await newInvoice({ order_id: "order-1" });
    const option = usdcOption(invoice);
    expect(option.amount).toBe("12500000");
    const before = await tokenBalance(option.token.address, option.recipient);

    // Sent exactly as the API gives it, from a plain script wallet.
    const hash = await send(1, { to: option.transaction.to, data: option.transaction.data });
    const { status, json } = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });

    expect(status).toBe(200);
    expect(json.status).toBe("credited");
    expect(json.invoice.status).toBe("paid");
    expect(await tokenBalance(option.token.address, option.recipient)).toBe(before + 12_500_000n);

    const stored = await fetchInvoice(invoice.id);
    expect(stored).toMatchObject({
      status: "paid",
      exception: null,
      amount: "12.50",
      amount_paid: "12.50",
      amount_due: "0.00",
      order_id: "order-1",
      payment_options: [],
    });
    expect(stored.paid_at).not.toBeNull();
    expect(stored.payments).toHaveLength(1);
    expect(stored.payments[0]).toMatchObject({
      chain_id: 31337,
      tx_hash: hash,
      token: option.token.address,
      amount: "12500000",
      status: "confirmed",
    });
    expect(stored.payments[0].confirmations).toBeGreaterThanOrEqual(1);

    const db = await getDb();
    const recorded = await db
      .select({ type: events.type })
      .from(events)
      .where(eq(events.invoiceId, invoice.id))
      .orderBy(events.createdAt);
    expect(recorded.map((event) => event.type)).toEqual(["invoice.created", "invoice.paid"]);
  });

  it("answers the same again when the same hash is posted twice, crediting once", async () => {
    const invoice = await newInvoice();
    const option = usdcOption(invoice);
    const hash = await send(2, option.transaction);
    const first = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });
    const second = await postPayment(invoice.id, {
      chain_id: 31337,
      tx_hash: hash.toUpperCase().replace("0X", "0x"),
    });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.json.invoice.status).toBe("paid");
    expect((await snapshot(invoice.id)).payments).toBe(1);
  });

  it("20 concurrent posts of one transaction make exactly one payment", async () => {
    const invoice = await newInvoice();
    const hash = await send(3, usdcOption(invoice).transaction);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postPayment(invoice.id, { chain_id: 31337, tx_hash: hash })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const state = await snapshot(invoice.id);
    expect(state.payments).toBe(1);
    expect(state.status).toBe("paid");
    expect(state.amountPaid).toBe(12_500_000_000_000_000_000n);
    const db = await getDb();
    const paidEvents = await db.select().from(events).where(eq(events.invoiceId, invoice.id));
    expect(paidEvents.filter((event) => event.type === "invoice.paid")).toHaveLength(1);
  });

  it("underpaid, then topped up with the option's updated transaction, is paid", async () => {
    const invoice = await newInvoice({ amount: "20.00" });
    const option = usdcOption(invoice);
    const partial = transferCalldata(option.recipient, 7_250_000n, option.reference);
    const first = await send(4, { to: option.token.address, data: partial });
    const afterFirst = await postPayment(invoice.id, { chain_id: 31337, tx_hash: first });
    expect(afterFirst.status).toBe(200);
    expect(afterFirst.json.invoice).toMatchObject({
      status: "open",
      exception: "underpaid",
      amount_paid: "7.25",
      amount_due: "12.75",
    });

    const stored = await fetchInvoice(invoice.id);
    const rest = usdcOption(stored);
    expect(rest.amount).toBe("12750000");
    const second = await send(4, rest.transaction);
    const afterSecond = await postPayment(invoice.id, { chain_id: 31337, tx_hash: second });
    expect(afterSecond.json.invoice).toMatchObject({
      status: "paid",
      exception: null,
      amount_paid: "20.00",
      amount_due: "0.00",
    });
    expect((await fetchInvoice(invoice.id)).payments).toHaveLength(2);
    const db = await getDb();
    const types = (
      await db
        .select({ type: events.type })
        .from(events)
        .where(eq(events.invoiceId, invoice.id))
        .orderBy(events.createdAt)
    ).map((event) => event.type);
    expect(types).toEqual(["invoice.created", "invoice.underpaid", "invoice.paid"]);
  });

  it("more than the amount is paid with the overpaid exception", async () => {
    const invoice = await newInvoice({ amount: "5.00" });
    const option = usdcOption(invoice);
    const hash = await send(5, {
      to: option.token.address,
      data: transferCalldata(option.recipient, 6_000_000n, option.reference),
    });
    const { json } = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });
    expect(json.invoice).toMatchObject({
      status: "paid",
      exception: "overpaid",
      amount_paid: "6.00",
    });
  });

  it("pays with USDT as well, and records which token paid", async () => {
    const invoice = await newInvoice();
    const option = invoice.payment_options.find((candidate) => candidate.token.symbol === "USDT")!;
    const hash = await send(6, option.transaction);
    const { json } = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });
    expect(json.invoice.status).toBe("paid");
    expect(json.invoice.payments[0].token).toBe(option.token.address);
    expect(json.invoice.payments[0].token_symbol).toBe("USDT");
  });

  it("a full payment mined after expiry but within the monitoring window is paid_late", async () => {
    const invoice = await newInvoice({ expires_in: 60 });
    const db = await getDb();
    await db
      .update(invoices)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(invoices.id, invoice.id));
    const stored = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    const { reference, paymentOptions } = stored[0]!;
    const option = paymentOptions[0]!;
    const hash = await send(7, {
      to: option.token.address,
      data: transferCalldata(option.recipient, 12_500_000n, reference as Hex),
    });
    const { status, json } = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });
    expect(status).toBe(200);
    expect(json.invoice).toMatchObject({ status: "paid", exception: "paid_late" });
  });
});

describe("transactions that do not pay the invoice are refused with a code and change nothing", () => {
  async function expectRejected(invoiceId: string, hash: Hash, code: string, chainId = 31337) {
    const before = await snapshot(invoiceId);
    const { status, json } = await postPayment(invoiceId, { chain_id: chainId, tx_hash: hash });
    expect(status).toBe(422);
    expect(json.error).toMatchObject({ type: "payment_error", code, param: "tx_hash" });
    expect(json.error.message).toMatch(/\.$/);
    expect(await snapshot(invoiceId)).toEqual(before);
  }

  it("wrong_chain: a real transaction posted for a chain the invoice does not offer", async () => {
    const invoice = await newInvoice();
    const hash = await send(1, usdcOption(invoice).transaction);
    await expectRejected(invoice.id, hash, "wrong_chain", 8453);
  });

  it("transaction_failed: the transfer reverted on-chain", async () => {
    const invoice = await newInvoice();
    const broke = await emptyAccount();
    // No tokens: the transfer reverts; an explicit gas limit gets it mined anyway.
    const hash = await send(broke, { ...usdcOption(invoice).transaction, gas: 100_000n });
    const receipt = await chainClients().publicClient.getTransactionReceipt({ hash });
    expect(receipt.status).toBe("reverted");
    await expectRejected(invoice.id, hash, "transaction_failed");
  });

  it("no_matching_transfer: the reference is there but the tokens went elsewhere", async () => {
    const invoice = await newInvoice();
    const option = usdcOption(invoice);
    const elsewhere = (await emptyAccount()).address;
    const hash = await send(1, {
      to: option.token.address,
      data: transferCalldata(elsewhere, 12_500_000n, option.reference),
    });
    await expectRejected(invoice.id, hash, "no_matching_transfer");
  });

  it("no_matching_transfer: a token the invoice does not accept", async () => {
    const invoice = await newInvoice();
    const option = usdcOption(invoice);
    // A transaction that moves no token at all (a plain call to the recipient).
    const hash = await send(1, { to: option.recipient, data: option.reference });
    await expectRejected(invoice.id, hash, "no_matching_transfer");
  });

  it("reference_mismatch: the right amount to the merchant without this invoice's reference", async () => {
    const invoice = await newInvoice();
    const other = await newInvoice();
    const option = usdcOption(invoice);
    const plain = await send(1, {
      to: option.token.address,
      data: transferCalldata(option.recipient, 12_500_000n, "0x"),
    });
    await expectRejected(invoice.id, plain, "reference_mismatch");
    const forOther = await send(1, usdcOption(other).transaction);
    await expectRejected(invoice.id, forOther, "reference_mismatch");
  });

  it("reference_mismatch: a reference appended after another's names only the first", async () => {
    const first = await newInvoice();
    const second = await newInvoice();
    const option = usdcOption(first);
    // The 16 bytes right after the transfer's call are the first invoice's: the second reference
    // further on binds nothing, so whoever posts the hash, the transfer pays the first.
    const data = `${option.transaction.data}${usdcOption(second).reference.slice(2)}` as Hex;
    const hash = await send(2, { to: option.token.address, data });
    const before = await snapshot(first.id);
    expect(before.status).toBe("open");
    const { status, json } = await postPayment(second.id, { chain_id: 31337, tx_hash: hash });
    expect(status).toBe(422);
    expect(json.error.code).toBe("reference_mismatch");
    expect((await snapshot(second.id)).payments).toBe(0);
    // The post credited the invoice the transfer named, all the same.
    expect((await snapshot(first.id)).status).toBe("paid");
    expect((await postPayment(first.id, { chain_id: 31337, tx_hash: hash })).status).toBe(200);
  });

  it("transaction_already_used: a transfer already credited to another invoice stays there", async () => {
    const first = await newInvoice();
    const second = await newInvoice();
    const hash = await send(2, usdcOption(second).transaction);
    // As a credit recorded under an older rule would be: the transfer is the first invoice's.
    const db = await getDb();
    const receipt = await chainClients().publicClient.getTransactionReceipt({ hash });
    const block = await chainClients().publicClient.getBlock({ blockHash: receipt.blockHash });
    const [row] = await db.select().from(invoices).where(eq(invoices.id, first.id));
    const credited = await creditTransfers(db, {
      invoiceId: first.id,
      chain: { id: 31337, confirmations: 1 },
      txHash: hash,
      transfers: [
        {
          logIndex: receipt.logs[0]!.logIndex,
          from: receipt.from,
          amount: 12_500_000n,
          option: row!.paymentOptions.find((o) => o.token.symbol === "USDC")!,
        },
      ],
      block: {
        number: receipt.blockNumber,
        hash: receipt.blockHash,
        timestamp: new Date(Number(block.timestamp) * 1000),
      },
      confirmations: 1,
      sender: null,
      posted: false,
      now: new Date(),
    });
    expect(credited.outcome).toBe("credited");
    await expectRejected(second.id, hash, "transaction_already_used");
  });

  it("invoice_not_payable: paid after the monitoring window that follows expiry", async () => {
    const invoice = await newInvoice();
    const option = usdcOption(invoice);
    const db = await getDb();
    await db
      .update(invoices)
      .set({ expiresAt: new Date(Date.now() - 25 * 3600 * 1000) })
      .where(eq(invoices.id, invoice.id));
    const hash = await send(5, option.transaction);
    const before = await snapshot(invoice.id);
    const { status, json } = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });
    expect(status).toBe(422);
    expect(json.error).toMatchObject({ code: "invoice_not_payable", param: "tx_hash" });
    // The invoice is untouched; the money is recorded for the merchant to refund, with an event.
    expect(await snapshot(invoice.id)).toEqual({ ...before, events: before.events + 1 });
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "payment.unmatched"]);
    const unmatched = await db
      .select()
      .from(unmatchedPayments)
      .where(eq(unmatchedPayments.invoiceId, invoice.id));
    expect(unmatched).toEqual([
      expect.objectContaining({ reason: "invoice_not_payable", txHash: hash, amount: 12_500_000n }),
    ]);
    // Posting it again records nothing more.
    expect((await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash })).status).toBe(422);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "payment.unmatched"]);
  });
});

describe("a canceled invoice paid anyway", () => {
  it("is recorded: it stays canceled, with paid_after_cancel, the payment and its event", async () => {
    const invoice = await newInvoice({ amount: "4.00" });
    const db = await getDb();
    await db.transaction((tx) => cancelInvoice(tx, invoice.id));
    // The shopper's page still had the transaction; the tokens reach the merchant regardless.
    const option = usdcOption(invoice);
    const before = await tokenBalance(option.token.address, option.recipient);
    const hash = await send(4, option.transaction);
    expect(await tokenBalance(option.token.address, option.recipient)).toBe(before + 4_000_000n);

    const { status, json } = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });
    expect(status).toBe(200);
    expect(json.status).toBe("credited");
    expect(json.invoice).toMatchObject({
      status: "canceled",
      exception: "paid_after_cancel",
      amount_paid: "4.00",
    });

    const merchantView = await fetchInvoice(invoice.id);
    expect(merchantView).toMatchObject({
      status: "canceled",
      exception: "paid_after_cancel",
      amount_paid: "4.00",
      paid_at: null,
    });
    expect(merchantView.payments).toHaveLength(1);
    expect(merchantView.payments[0]).toMatchObject({
      tx_hash: hash,
      amount: "4000000",
      status: "confirmed",
    });
    const types = await db
      .select({ type: events.type })
      .from(events)
      .where(eq(events.invoiceId, invoice.id))
      .orderBy(events.createdAt);
    expect(types.map((row) => row.type)).toEqual([
      "invoice.created",
      "invoice.canceled",
      "invoice.paid_after_cancel",
    ]);

    // Posting it again records nothing twice.
    expect((await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash })).status).toBe(200);
    const [recorded] = await db
      .select({ value: count() })
      .from(payments)
      .where(eq(payments.invoiceId, invoice.id));
    expect(recorded!.value).toBe(1);
    expect(await db.select().from(events).where(eq(events.invoiceId, invoice.id))).toHaveLength(3);
  });

  it("after the monitoring window it is still refused as invoice_not_payable", async () => {
    const invoice = await newInvoice();
    const db = await getDb();
    await db.transaction((tx) => cancelInvoice(tx, invoice.id));
    await db
      .update(invoices)
      .set({ expiresAt: new Date(Date.now() - 25 * 3600 * 1000) })
      .where(eq(invoices.id, invoice.id));
    const hash = await send(4, usdcOption(invoice).transaction);
    const { status, json } = await postPayment(invoice.id, { chain_id: 31337, tx_hash: hash });
    expect(status).toBe(422);
    expect(json.error.code).toBe("invoice_not_payable");
    const [row] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(row).toMatchObject({ status: "canceled", exception: null, amountPaid: 0n });
  });
});

describe("bad input is a 400 naming the field, and changes nothing", () => {
  it.each([
    ["malformed JSON", "{not json", "invalid_json", null],
    ["a JSON array", "[]", "parameter_invalid", null],
    [
      "a short hash",
      JSON.stringify({ chain_id: 31337, tx_hash: "0x1234" }),
      "parameter_invalid",
      "tx_hash",
    ],
    [
      "a hash with non-hex",
      JSON.stringify({ chain_id: 31337, tx_hash: `0x${"g".repeat(64)}` }),
      "parameter_invalid",
      "tx_hash",
    ],
    [
      "a chain id that is text",
      JSON.stringify({ chain_id: "abc", tx_hash: `0x${"a".repeat(64)}` }),
      "parameter_invalid",
      "chain_id",
    ],
    [
      "a negative chain id",
      JSON.stringify({ chain_id: -1, tx_hash: `0x${"a".repeat(64)}` }),
      "parameter_invalid",
      "chain_id",
    ],
    ["a missing hash", JSON.stringify({ chain_id: 31337 }), "parameter_missing", "tx_hash"],
    [
      "an unknown field",
      JSON.stringify({ chain_id: 31337, tx_hash: `0x${"a".repeat(64)}`, amount: "1" }),
      "parameter_unknown",
      "amount",
    ],
  ])("%s", async (_label, rawBody, code, param) => {
    const invoice = await newInvoice();
    const before = await snapshot(invoice.id);
    const { status, json, headers } = await postPayment(invoice.id, undefined, rawBody);
    expect(status).toBe(400);
    expect(json.error.code).toBe(code);
    expect(json.error.param).toBe(param);
    expect(headers.get("x-request-id")).toMatch(/^req_/);
    expect(await snapshot(invoice.id)).toEqual(before);
  });

  it("a body that is not JSON by content type is a 415", async () => {
    const invoice = await newInvoice();
    const { status, json } = await postPayment(invoice.id, undefined, "chain_id=1", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(status).toBe(415);
    expect(json.error.code).toBe("unsupported_content_type");
  });

  it("an unknown invoice is a 404", async () => {
    const { status, json } = await postPayment("inv_00000000000000000000000000", {
      chain_id: 31337,
      tx_hash: `0x${"a".repeat(64)}`,
    });
    expect(status).toBe(404);
    expect(json.error.code).toBe("resource_not_found");
  });

  it("a hash the node does not know is kept as unseen and answered 202 processing", async () => {
    const invoice = await newInvoice();
    const { status, json } = await postPayment(invoice.id, {
      chain_id: 31337,
      tx_hash: `0x${"ab".repeat(32)}`,
    });
    expect(status).toBe(202);
    expect(json.status).toBe("processing");
    expect(json.invoice.status).toBe("open");
    expect(json.invoice.submissions).toEqual([
      {
        chain_id: 31337,
        tx_hash: `0x${"ab".repeat(32)}`,
        status: "unseen",
        error_code: null,
        created_at: expect.any(String),
      },
    ]);
  });
});
