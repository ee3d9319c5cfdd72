import "server-only";
import { desc, eq } from "drizzle-orm";
import type { PaymentChain } from "../chains/registry";
import type { Executor } from "../db/client";
import { type InvoiceItem, merchants, paymentSubmissions } from "../db/schema";
import { invoicePayments } from "../invoices/invoices";
import type { PaymentOption } from "../invoices/paymentOptions";
import {
  type ApiPayment,
  amountDue,
  currentPaymentOptions,
  type InvoiceRow,
  listedPayments,
  presentPayment,
  type SubmissionRow,
} from "../invoices/present";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";

/** What a browser needs to know about a chain: never the server's RPC URL, which may hold a key. */
export type CheckoutChain = {
  id: number;
  name: string;
  nativeCurrency: { name: string; symbol: string; decimals: number };
  publicRpcUrl: string;
  explorerUrl: string | null;
  confirmations: number;
  testnet: boolean;
  local: boolean;
};

export type CheckoutSubmission = {
  chain_id: number;
  tx_hash: string;
  /** unseen: the chain's node does not know it yet (a hint); pending: on its way. */
  status: SubmissionRow["status"];
  error_code: string | null;
  created_at: string;
};

/** Posted hashes the page is shown, the newest. */
export const MAX_LISTED_SUBMISSIONS = 10;

/** The invoice as the public checkout page sees it: no metadata, nothing merchant-private. */
export type CheckoutInvoice = {
  id: string;
  livemode: boolean;
  status: InvoiceRow["status"];
  exception: InvoiceRow["exception"];
  merchant_name: string;
  /** An https URL or a data: image the merchant set; null: none. */
  merchant_logo_url: string | null;
  amount: string;
  currency: string;
  amount_paid: string;
  amount_due: string;
  description: string | null;
  order_id: string | null;
  items: InvoiceItem[] | null;
  expires_at: string;
  paid_at: string | null;
  redirect_url: string | null;
  payment_options: PaymentOption[];
  payments: ApiPayment[];
  payment_count: number;
  submissions: CheckoutSubmission[];
  chains: CheckoutChain[];
};

export function presentCheckoutChain(chain: PaymentChain): CheckoutChain {
  return {
    id: chain.id,
    name: chain.name,
    nativeCurrency: { ...chain.chain.nativeCurrency },
    publicRpcUrl: chain.local ? chain.rpcUrl : (chain.chain.rpcUrls.default.http[0] ?? ""),
    explorerUrl: chain.explorerUrl,
    confirmations: chain.confirmations,
    testnet: chain.testnet,
    local: chain.local,
  };
}

export async function checkoutView(
  executor: Executor,
  invoice: InvoiceRow,
  chains: readonly PaymentChain[],
): Promise<CheckoutInvoice> {
  const [merchantRows, payments, submissions] = await Promise.all([
    executor
      .select({ name: merchants.name, logoUrl: merchants.logoUrl })
      .from(merchants)
      .where(eq(merchants.id, invoice.merchantId))
      .limit(1),
    invoicePayments(executor, invoice.id),
    executor
      .select()
      .from(paymentSubmissions)
      .where(eq(paymentSubmissions.invoiceId, invoice.id))
      .orderBy(desc(paymentSubmissions.createdAt), desc(paymentSubmissions.id))
      .limit(MAX_LISTED_SUBMISSIONS),
  ]);
  const currency = invoice.currency as CurrencyCode;
  const optionChainIds = new Set(invoice.paymentOptions.map((option) => option.chainId));
  return {
    id: invoice.id,
    livemode: invoice.livemode,
    status: invoice.status,
    exception: invoice.exception,
    merchant_name: merchantRows[0]?.name ?? "",
    merchant_logo_url: merchantRows[0]?.logoUrl ?? null,
    amount: formatCurrencyAmount(invoice.amount, currency),
    currency,
    amount_paid: formatCurrencyAmount(invoice.amountPaid, currency),
    amount_due: formatCurrencyAmount(amountDue(invoice), currency),
    description: invoice.description,
    order_id: invoice.orderId,
    items: invoice.items,
    expires_at: invoice.expiresAt.toISOString(),
    paid_at: invoice.paidAt?.toISOString() ?? null,
    redirect_url: invoice.redirectUrl,
    payment_options: currentPaymentOptions(invoice),
    payments: listedPayments(payments).map(presentPayment),
    payment_count: payments.length,
    submissions: submissions.reverse().map((submission) => ({
      chain_id: submission.chainId,
      tx_hash: submission.txHash,
      status: submission.status,
      error_code: submission.errorCode,
      created_at: submission.createdAt.toISOString(),
    })),
    chains: chains.filter((chain) => optionChainIds.has(chain.id)).map(presentCheckoutChain),
  };
}
