import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AddressText } from "@/components/dashboard/AddressText";
import { eventLabel } from "@/components/dashboard/invoice/format";
import { InvoiceActions } from "@/components/dashboard/invoice/InvoiceActions";
import { LocalTime } from "@/components/dashboard/invoice/LocalTime";
import { type RefundablePayment, RefundPanel } from "@/components/dashboard/invoice/RefundPanel";
import { StatusBadges } from "@/components/dashboard/invoice/StatusBadges";
import { TxHash } from "@/components/dashboard/invoice/TxHash";
import { money } from "@/components/dashboard/invoices/format";
import { UnmatchedList } from "@/components/dashboard/unmatched/UnmatchedList";
import { CopyButton } from "@/components/ui/CopyButton";
import { type DashboardInvoice, loadDashboardInvoice } from "@/lib/dashboard/invoiceDetail";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { getDb } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";

export const dynamic = "force-dynamic";

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Invoice ${id}` };
}

const card =
  "rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800";

/** One invoice: amounts, status, details, timeline, payments and refunds, and its actions. */
export default async function InvoicePage({ params }: { params: Promise<Params> }) {
  const { merchant } = await requireMerchantPage();
  const { id } = await params;
  let detail: DashboardInvoice;
  try {
    detail = await loadDashboardInvoice(await getDb(), merchant, dashboardLivemode(), id);
  } catch (error) {
    if (error instanceof DomainError && error.code === "resource_not_found") notFound();
    throw error;
  }
  const { invoice, payments, events, chains } = detail;
  const chainOf = (chainId: number) => chains.find((chain) => chain.id === chainId);
  const refundable: RefundablePayment[] = payments
    .filter((payment) => payment.status === "confirmed")
    .map((payment) => ({
      id: payment.id,
      chain_id: payment.chain_id,
      chain_name: chainOf(payment.chain_id)?.name ?? `Chain ${payment.chain_id}`,
      from: payment.from,
      token: payment.token,
      token_symbol: payment.token_symbol,
      token_decimals: payment.token_decimals,
      amount: payment.amount,
    }));
  const metadata = Object.entries(invoice.metadata);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb">
        <Link
          href="/dashboard/invoices"
          className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
        >
          ← Invoices
        </Link>
      </nav>

      <section className={card} aria-labelledby="invoice-heading">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h1 id="invoice-heading" className="text-3xl font-semibold tracking-tight">
              <span data-testid="invoice-amount">
                {money(invoice.amount, invoice.currency)}
                <span className="ml-2 align-middle text-base font-medium text-slate-600 dark:text-slate-400">
                  {invoice.currency}
                </span>
              </span>
            </h1>
            <div className="mt-2">
              <StatusBadges invoice={invoice} />
            </div>
            <p className="mt-3 flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
              <span className="truncate font-mono">{invoice.id}</span>
              <CopyButton value={invoice.id} context="invoice id" />
            </p>
          </div>
          <InvoiceActions
            invoiceId={invoice.id}
            checkoutUrl={invoice.checkout_url}
            cancelable={detail.cancelable}
          />
        </div>
        <dl className="mt-6 grid grid-cols-2 gap-4 border-t border-slate-200 pt-4 text-sm sm:grid-cols-4 dark:border-slate-800">
          <Figure label="Paid" testId="amount-paid">
            {money(invoice.amount_paid, invoice.currency)}
          </Figure>
          <Figure label="Due">{money(invoice.amount_due, invoice.currency)}</Figure>
          <Figure label="Refunded" testId="amount-refunded">
            {money(invoice.amount_refunded, invoice.currency)}
          </Figure>
          <Figure label="Refundable" testId="amount-refundable">
            {money(detail.refundable, invoice.currency)}
          </Figure>
        </dl>
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section className={card} aria-labelledby="payments-heading">
            <h2 id="payments-heading" className="text-lg font-semibold">
              Payments
            </h2>
            {payments.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">No payment yet.</p>
            ) : (
              <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
                {payments.map((payment) => {
                  const chain = chainOf(payment.chain_id);
                  return (
                    <li key={payment.id} className="py-3 text-sm" data-testid="payment">
                      <div className="flex flex-wrap items-baseline justify-between gap-2">
                        <span className="font-semibold">
                          {formatTokenAmount(
                            payment.amount,
                            payment.token_decimals,
                            payment.token_symbol,
                          )}
                        </span>
                        <span className="text-slate-700 dark:text-slate-300">
                          {payment.status === "confirmed" ? "Confirmed" : "Confirming"} ·{" "}
                          {payment.confirmations}
                          {chain ? ` of ${chain.confirmations}` : ""} confirmation
                          {payment.confirmations === 1 ? "" : "s"}
                        </span>
                      </div>
                      <dl className="mt-1 grid gap-x-4 gap-y-1 text-slate-700 sm:grid-cols-[auto_1fr] dark:text-slate-300">
                        <dt className="text-slate-600 dark:text-slate-400">Chain</dt>
                        <dd>{chain?.name ?? payment.chain_id}</dd>
                        <dt className="text-slate-600 dark:text-slate-400">From</dt>
                        <dd>
                          <AddressText address={payment.from} className="text-xs" />
                        </dd>
                        <dt className="text-slate-600 dark:text-slate-400">Transaction</dt>
                        <dd>
                          <TxHash hash={payment.tx_hash} explorerUrl={chain?.explorerUrl ?? null} />
                        </dd>
                        <dt className="text-slate-600 dark:text-slate-400">Seen</dt>
                        <dd>
                          <LocalTime iso={payment.created_at} />
                        </dd>
                      </dl>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          {detail.unmatched.length > 0 && (
            <section className={card} aria-labelledby="unmatched-heading">
              <h2 id="unmatched-heading" className="text-lg font-semibold">
                Payments not credited
              </h2>
              <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
                These transfers named this invoice but did not pay it. The money reached your
                address: send it back to the sender.
              </p>
              <div className="mt-2">
                <UnmatchedList
                  payments={detail.unmatched}
                  chains={chains}
                  showInvoice={false}
                  label="Payments not credited"
                />
              </div>
            </section>
          )}

          <section className={card} aria-labelledby="refund-heading">
            <h2 id="refund-heading" className="text-lg font-semibold">
              Refund
            </h2>
            <div className="mt-3">
              <RefundPanel
                invoiceId={invoice.id}
                currency={invoice.currency}
                refundable={detail.refundable}
                payments={refundable}
                merchantWallets={detail.refundWallets}
              />
            </div>
            {invoice.refunds.length > 0 && (
              <>
                <h3 className="mt-6 text-sm font-semibold">Refunds</h3>
                <ul
                  className="mt-2 divide-y divide-slate-200 dark:divide-slate-800"
                  aria-label="Refunds"
                >
                  {invoice.refunds.map((refund) => {
                    const chain = chainOf(refund.chain_id);
                    return (
                      <li key={refund.id} className="py-3 text-sm" data-testid="refund">
                        <div className="flex flex-wrap items-baseline justify-between gap-2">
                          <span className="font-semibold">
                            {money(refund.amount, invoice.currency)}
                            <span className="font-normal text-slate-600 dark:text-slate-400">
                              {" "}
                              (
                              {formatTokenAmount(
                                refund.token_amount,
                                refund.token_decimals,
                                refund.token_symbol,
                              )}
                              )
                            </span>
                          </span>
                          <span className="text-slate-700 dark:text-slate-300">
                            {refund.status === "confirmed"
                              ? "Confirmed"
                              : `Confirming · ${refund.confirmations} of ${chain?.confirmations ?? "?"}`}
                          </span>
                        </div>
                        <dl className="mt-1 grid gap-x-4 gap-y-1 text-slate-700 sm:grid-cols-[auto_1fr] dark:text-slate-300">
                          <dt className="text-slate-600 dark:text-slate-400">To</dt>
                          <dd>
                            <AddressText address={refund.to} className="text-xs" />
                          </dd>
                          <dt className="text-slate-600 dark:text-slate-400">From</dt>
                          <dd>
                            <AddressText address={refund.from} className="text-xs" />
                          </dd>
                          <dt className="text-slate-600 dark:text-slate-400">Transaction</dt>
                          <dd>
                            <TxHash
                              hash={refund.tx_hash}
                              explorerUrl={chain?.explorerUrl ?? null}
                            />
                          </dd>
                          <dt className="text-slate-600 dark:text-slate-400">Recorded</dt>
                          <dd>
                            <LocalTime iso={refund.created_at} />
                          </dd>
                        </dl>
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </section>
        </div>

        <div className="space-y-6">
          <section className={card} aria-labelledby="details-heading">
            <h2 id="details-heading" className="text-lg font-semibold">
              Details
            </h2>
            <dl className="mt-3 space-y-3 text-sm">
              <Detail label="Order id">{invoice.order_id ?? "—"}</Detail>
              <Detail label="Description">{invoice.description ?? "—"}</Detail>
              <Detail label="Created">
                <LocalTime iso={invoice.created_at} />
              </Detail>
              <Detail label="Expires">
                <LocalTime iso={invoice.expires_at} />
              </Detail>
              <Detail label="Paid">
                {invoice.paid_at ? <LocalTime iso={invoice.paid_at} /> : "—"}
              </Detail>
              {invoice.canceled_at && (
                <Detail label="Canceled">
                  <LocalTime iso={invoice.canceled_at} />
                </Detail>
              )}
              {invoice.payment_link && <Detail label="Payment link">{invoice.payment_link}</Detail>}
            </dl>
            <h3 className="mt-5 text-sm font-semibold">Metadata</h3>
            {metadata.length === 0 ? (
              <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">None.</p>
            ) : (
              <dl className="mt-2 space-y-1 text-sm" data-testid="metadata">
                {metadata.map(([key, value]) => (
                  <div key={key} className="flex flex-wrap gap-x-2">
                    <dt className="font-mono text-xs text-slate-600 dark:text-slate-400">{key}</dt>
                    <dd className="break-all font-mono text-xs">{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>

          <section className={card} aria-labelledby="timeline-heading">
            <h2 id="timeline-heading" className="text-lg font-semibold">
              Timeline
            </h2>
            <ol className="mt-3 space-y-3 border-l border-slate-200 pl-4 text-sm dark:border-slate-700">
              {events.map((event) => (
                <li key={event.id} className="relative" data-testid="timeline-event">
                  <span
                    aria-hidden="true"
                    className="absolute top-1.5 -left-[21px] size-2 rounded-full bg-indigo-600 dark:bg-indigo-400"
                  />
                  <p className="font-medium">{eventLabel(event.type)}</p>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    <LocalTime iso={event.created_at} /> ·{" "}
                    <span className="font-mono">{event.type}</span>
                  </p>
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  );
}

function Figure({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div>
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 font-semibold" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 break-words">{children}</dd>
    </div>
  );
}
