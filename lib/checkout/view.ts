import "server-only";
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { PaymentChain } from "../chains/registry";
import type { Executor } from "../db/client";
import { merchants, paymentSubmissions } from "../db/schema";
import {
  amountDue,
  currentPaymentOptions,
  type InvoiceRow,
  listedPayments,
  presentPayment,
} from "../invoices/present";
import { invoicePayments } from "../invoices/queries";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";
import { warmRelayerState } from "../relayer/relayerState";
import { asHex } from "../schemaFields";
import type { checkoutChainSchema, checkoutInvoiceSchema } from "./schemas";

/** What a browser needs to know about a chain: never the server's RPC URL, which may hold a key. */
/** Derived from its schema, the one source of the API's shape. */
export type CheckoutChain = z.output<typeof checkoutChainSchema>;

export type CheckoutSubmission = CheckoutInvoice["submissions"][number];

/** Posted hashes the page is shown, the newest. */
export const MAX_LISTED_SUBMISSIONS = 10;

/** The invoice as the public checkout page sees it: no metadata, nothing merchant-private. */
/** Derived from its schema, the one source of the API's shape. */
export type CheckoutInvoice = z.output<typeof checkoutInvoiceSchema>;

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
  // Gasless offers need a recent look at each chain's relayer (cached; read at most every 10 s).
  const optionChains = new Set(invoice.paymentOptions.map((option) => option.chainId));
  await Promise.all(
    chains.filter((chain) => optionChains.has(chain.id)).map((chain) => warmRelayerState(chain)),
  );
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
      tx_hash: asHex(submission.txHash),
      status: submission.status,
      error_code: submission.errorCode,
      created_at: submission.createdAt.toISOString(),
    })),
    chains: chains.filter((chain) => optionChainIds.has(chain.id)).map(presentCheckoutChain),
  };
}
