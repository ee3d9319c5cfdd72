import type { Metadata } from "next";
import Link from "next/link";
import { ExportForm } from "@/components/dashboard/invoices/ExportForm";
import { InvoiceFilters } from "@/components/dashboard/invoices/InvoiceFilters";
import { InvoiceTable } from "@/components/dashboard/invoices/InvoiceTable";
import { ModeNote } from "@/components/dashboard/overview/ModeNote";
import { getConfig } from "@/lib/config/config";
import { firstValues, searchInvoices } from "@/lib/dashboard/invoiceSearch";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { getDb } from "@/lib/db/client";
import { isInputError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invoices" };

type SearchParams = Record<string, string | string[] | undefined>;

async function loadPage(merchantId: string, input: Record<string, string>) {
  try {
    return {
      list: await searchInvoices(await getDb(), {
        merchantId,
        livemode: dashboardLivemode(),
        input,
        publicUrl: getConfig().publicUrl,
      }),
      error: null,
    };
  } catch (error) {
    if (isInputError(error)) return { list: null, error };
    throw error;
  }
}

function pageHref(input: Record<string, string>, startingAfter?: string): string {
  const params = new URLSearchParams();
  if (input.q) params.set("q", input.q);
  if (input.status) params.set("status", input.status);
  if (startingAfter) params.set("starting_after", startingAfter);
  const query = params.toString();
  return `/dashboard/invoices${query ? `?${query}` : ""}`;
}

export default async function InvoicesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const { merchantId } = await requireMerchantPage();
  const input = firstValues(await searchParams);
  const { list, error } = await loadPage(merchantId, input);
  const today = new Date().toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 8)}01`;
  const filtered = Boolean(input.q || input.status);

  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Invoices</h1>
          <ModeNote livemode={dashboardLivemode()} />
        </div>
        <Link
          href="/dashboard/invoices/new"
          className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          New invoice
        </Link>
      </div>

      <div className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800">
        <InvoiceFilters status={input.status ?? ""} q={input.q ?? ""} />
        <div className="mt-4">
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {error.message}
            </p>
          ) : list && list.data.length > 0 ? (
            <InvoiceTable invoices={list.data} />
          ) : (
            <p className="py-6 text-center text-sm text-slate-600 dark:text-slate-400">
              {filtered ? "No invoice matches." : "No invoices yet."}
            </p>
          )}
        </div>
        {list && (input.starting_after || list.has_more) && (
          <nav aria-label="Pages" className="mt-4 flex justify-between gap-3 text-sm">
            {input.starting_after ? (
              <Link
                href={pageHref(input)}
                className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
              >
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {list.has_more && (
              <Link
                href={pageHref(input, list.data.at(-1)?.id)}
                className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
              >
                Older invoices →
              </Link>
            )}
          </nav>
        )}
      </div>

      <ExportForm from={monthStart} to={today} />
    </section>
  );
}
