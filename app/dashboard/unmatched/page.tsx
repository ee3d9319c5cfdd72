import type { Metadata } from "next";
import Link from "next/link";
import { ModeNote } from "@/components/dashboard/overview/ModeNote";
import { UnmatchedFilters } from "@/components/dashboard/unmatched/UnmatchedFilters";
import { UnmatchedList } from "@/components/dashboard/unmatched/UnmatchedList";
import { dashboardChains } from "@/lib/dashboard/chains";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { loadUnmatchedPayments, unmatchedQueryInput } from "@/lib/dashboard/unmatchedPayments";
import { getDb } from "@/lib/db/client";
import { isInputError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unmatched payments" };

type SearchParams = Record<string, string | string[] | undefined>;

async function loadPage(merchantId: string, input: Record<string, string>) {
  try {
    return {
      list: await loadUnmatchedPayments(await getDb(), {
        merchantId,
        livemode: dashboardLivemode(),
        input,
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
  if (input.reason) params.set("reason", input.reason);
  if (input.dust) params.set("dust", input.dust);
  if (startingAfter) params.set("starting_after", startingAfter);
  const query = params.toString();
  return `/dashboard/unmatched${query ? `?${query}` : ""}`;
}

const LINK = "font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300";

/** Transfers to the merchant's address that paid no invoice: the money to send back. */
export default async function UnmatchedPaymentsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const { merchantId } = await requireMerchantPage();
  const input = unmatchedQueryInput(await searchParams);
  const { list, error } = await loadPage(merchantId, input);
  const filtered = Boolean(input.reason);

  return (
    <section className="space-y-6">
      <div>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Unmatched payments</h1>
          <ModeNote livemode={dashboardLivemode()} />
        </div>
        <p className="mt-2 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
          Transfers that reached your address but paid no invoice. The money is in your wallet and
          nothing was credited: send it back to the address it came from, in the same token on the
          same chain, or settle with the customer another way.
        </p>
      </div>

      <div className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800">
        <UnmatchedFilters reason={input.reason ?? ""} showDust={input.dust === "show"} />
        <div className="mt-4">
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {error.message}
            </p>
          ) : list && list.data.length > 0 ? (
            <UnmatchedList
              payments={list.data}
              chains={dashboardChains()}
              label="Unmatched payments, newest first"
            />
          ) : (
            <p className="py-6 text-center text-sm text-slate-600 dark:text-slate-400">
              {filtered ? "None for this reason." : "No unmatched payments."}
            </p>
          )}
        </div>
        {list && (input.starting_after || list.has_more) && (
          <nav aria-label="Pages" className="mt-4 flex justify-between gap-3 text-sm">
            {input.starting_after ? (
              <Link href={pageHref(input)} className={LINK}>
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {list.has_more && (
              <Link href={pageHref(input, list.data.at(-1)?.id)} className={LINK}>
                Older →
              </Link>
            )}
          </nav>
        )}
      </div>
    </section>
  );
}
