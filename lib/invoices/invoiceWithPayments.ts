import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { EmbeddedReadMemo, statementCounter } from "../db/embeddedReads";
import { invoices } from "../db/schema";
import { notFound } from "../errors";
import type { RefundRow } from "../refunds/present";
import type { InvoiceRow, PaymentRow } from "./present";

/** A payments row as json_build_object renders it: big numbers as text, times as text. */
type PaymentJson = {
  id: string;
  invoice_id: string;
  chain_id: number;
  tx_hash: string;
  log_index: number;
  block_number: string;
  block_hash: string;
  block_timestamp: string;
  from_address: string;
  token_address: string;
  token_symbol: string;
  token_decimals: number;
  amount: string;
  currency_amount: string;
  status: PaymentRow["status"];
  confirmations: number;
  created_at: string;
  confirmed_at: string | null;
};

// Amounts go through ::text: JSON numbers would lose the digits of 18-decimal amounts.
const paymentsOfInvoice = sql<PaymentJson[]>`coalesce((
  select json_agg(json_build_object(
    'id', p.id, 'invoice_id', p.invoice_id, 'chain_id', p.chain_id, 'tx_hash', p.tx_hash,
    'log_index', p.log_index, 'block_number', p.block_number::text, 'block_hash', p.block_hash,
    'block_timestamp', p.block_timestamp, 'from_address', p.from_address,
    'token_address', p.token_address, 'token_symbol', p.token_symbol,
    'token_decimals', p.token_decimals, 'amount', p.amount::text,
    'currency_amount', p.currency_amount::text, 'status', p.status,
    'confirmations', p.confirmations, 'created_at', p.created_at, 'confirmed_at', p.confirmed_at
  ) order by p.block_timestamp, p.created_at)
  from payments p where p.invoice_id = "invoices"."id"
), '[]'::json)`;

/** A refunds row as json_build_object renders it. */
type RefundJson = {
  id: string;
  invoice_id: string;
  merchant_id: string;
  chain_id: number;
  tx_hash: string;
  log_index: number;
  block_number: string;
  block_hash: string;
  from_address: string;
  to_address: string;
  token_address: string;
  token_symbol: string;
  token_decimals: number;
  amount: string;
  currency_amount: string;
  status: RefundRow["status"];
  confirmations: number;
  created_at: string;
  confirmed_at: string | null;
};

const refundsOfInvoice = sql<RefundJson[]>`coalesce((
  select json_agg(json_build_object(
    'id', r.id, 'invoice_id', r.invoice_id, 'merchant_id', r.merchant_id, 'chain_id', r.chain_id,
    'tx_hash', r.tx_hash, 'log_index', r.log_index, 'block_number', r.block_number::text,
    'block_hash', r.block_hash, 'from_address', r.from_address, 'to_address', r.to_address,
    'token_address', r.token_address, 'token_symbol', r.token_symbol,
    'token_decimals', r.token_decimals, 'amount', r.amount::text,
    'currency_amount', r.currency_amount::text, 'status', r.status,
    'confirmations', r.confirmations, 'created_at', r.created_at, 'confirmed_at', r.confirmed_at
  ) order by r.created_at, r.id)
  from refunds r where r.invoice_id = "invoices"."id"
), '[]'::json)`;

function toRefundRow(json: RefundJson): RefundRow {
  return {
    id: json.id,
    invoiceId: json.invoice_id,
    merchantId: json.merchant_id,
    chainId: json.chain_id,
    txHash: json.tx_hash,
    logIndex: json.log_index,
    blockNumber: BigInt(json.block_number),
    blockHash: json.block_hash,
    fromAddress: json.from_address,
    toAddress: json.to_address,
    tokenAddress: json.token_address,
    tokenSymbol: json.token_symbol,
    tokenDecimals: json.token_decimals,
    amount: BigInt(json.amount),
    currencyAmount: BigInt(json.currency_amount),
    status: json.status,
    confirmations: json.confirmations,
    createdAt: new Date(json.created_at),
    confirmedAt: json.confirmed_at === null ? null : new Date(json.confirmed_at),
  };
}

function toPaymentRow(json: PaymentJson): PaymentRow {
  return {
    id: json.id,
    invoiceId: json.invoice_id,
    chainId: json.chain_id,
    txHash: json.tx_hash,
    logIndex: json.log_index,
    blockNumber: BigInt(json.block_number),
    blockHash: json.block_hash,
    blockTimestamp: new Date(json.block_timestamp),
    fromAddress: json.from_address,
    tokenAddress: json.token_address,
    tokenSymbol: json.token_symbol,
    tokenDecimals: json.token_decimals,
    amount: BigInt(json.amount),
    currencyAmount: BigInt(json.currency_amount),
    status: json.status,
    confirmations: json.confirmations,
    createdAt: new Date(json.created_at),
    confirmedAt: json.confirmed_at === null ? null : new Date(json.confirmed_at),
  };
}

function prepare(executor: Executor) {
  return executor
    .select({ invoice: invoices, payments: paymentsOfInvoice, refunds: refundsOfInvoice })
    .from(invoices)
    .where(
      and(
        eq(invoices.id, sql.placeholder("id")),
        eq(invoices.merchantId, sql.placeholder("merchantId")),
        eq(invoices.livemode, sql.placeholder("livemode")),
      ),
    )
    .limit(1)
    .prepare("invoice_with_payments_and_refunds");
}

const embeddedInvoiceReads = new EmbeddedReadMemo<
  Awaited<ReturnType<ReturnType<typeof prepare>["execute"]>>[number] | undefined
>();

// Built once per database (or transaction) object: the API's hottest read skips query building.
const prepared = new WeakMap<Executor, ReturnType<typeof prepare>>();
function preparedFor(executor: Executor) {
  let query = prepared.get(executor);
  if (!query) {
    query = prepare(executor);
    prepared.set(executor, query);
  }
  return query;
}

/**
 * The merchant's invoice, its payments and refunds in one query (the API's most frequent read); a 404
 * when it is not this merchant's or not in this mode.
 */
export async function findMerchantInvoiceWithPayments(
  executor: Executor,
  merchantId: string,
  livemode: boolean,
  id: string,
): Promise<{ invoice: InvoiceRow; payments: PaymentRow[]; refunds: RefundRow[] }> {
  const load = async () => (await preparedFor(executor).execute({ id, merchantId, livemode }))[0];
  // Merchants poll their invoices: on the embedded store a repeated read is answered from memory
  // until any other statement runs (see embeddedReads).
  const counter = statementCounter((executor as { $client?: unknown }).$client);
  const row = counter
    ? await embeddedInvoiceReads.read(counter, `${merchantId}:${livemode}:${id}`, load)
    : await load();
  if (!row) throw notFound("invoice");
  const list =
    typeof row.payments === "string" ? (JSON.parse(row.payments) as PaymentJson[]) : row.payments;
  const refundList =
    typeof row.refunds === "string" ? (JSON.parse(row.refunds) as RefundJson[]) : row.refunds;
  return {
    invoice: row.invoice,
    payments: list.map(toPaymentRow),
    refunds: refundList.map(toRefundRow),
  };
}
