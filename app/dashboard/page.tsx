import { Onboarding } from "@/components/dashboard/Onboarding";
import { currencyCharts } from "@/components/dashboard/overview/chartModel";
import { LatestPayments } from "@/components/dashboard/overview/LatestPayments";
import { ModeNote } from "@/components/dashboard/overview/ModeNote";
import { ReceiptsChart } from "@/components/dashboard/overview/ReceiptsChart";
import { RelayerStatus } from "@/components/dashboard/overview/RelayerStatus";
import { StatusCounts } from "@/components/dashboard/overview/StatusCounts";
import { SignIn } from "@/components/dashboard/SignIn";
import { SignupClosed } from "@/components/dashboard/SignupClosed";
import { findPaymentChain } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { dailyReceipts, invoiceCounts, latestPayments } from "@/lib/dashboard/overview";
import { pageSession } from "@/lib/dashboard/page";
import { chainRelayers } from "@/lib/dashboard/relayers";
import { dashboardWalletProps } from "@/lib/dashboard/wallets";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

function chainName(chainId: number): string {
  return findPaymentChain(chainId)?.name ?? `Chain ${chainId}`;
}

/**
 * Sign-in without a session; without a merchant, store creation (or, where sign-up is closed, the
 * address to be invited); else the overview.
 */
export default async function DashboardHome() {
  const session = await pageSession();
  if (!session) return <SignIn demo={Boolean(dashboardWalletProps().demo)} />;
  if (!session.merchantId) {
    return getConfig().signup === "open" ? (
      <Onboarding address={session.address} />
    ) : (
      <SignupClosed address={session.address} />
    );
  }

  const db = await getDb();
  const scope = { merchantId: session.merchantId, livemode: dashboardLivemode() };
  const [receipts, counts, payments, relayers] = await Promise.all([
    dailyReceipts(db, scope),
    invoiceCounts(db, scope),
    latestPayments(db, { ...scope, limit: 10 }),
    chainRelayers(db),
  ]);
  const charts = currencyCharts(receipts, chainName);
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <ModeNote livemode={scope.livemode} />
      </div>
      <StatusCounts counts={counts} />
      {charts.length === 0 ? (
        <section
          aria-labelledby="receipts-empty"
          className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
        >
          <h2 id="receipts-empty" className="text-base font-semibold">
            Money received per day
          </h2>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            No confirmed payments in the last 30 days (UTC days). Payments show here, per token and
            chain, once they are confirmed.
          </p>
        </section>
      ) : (
        charts.map((chart) => <ReceiptsChart key={chart.currency} chart={chart} />)
      )}
      <LatestPayments payments={payments} chainName={chainName} />
      <RelayerStatus chains={relayers} />
    </section>
  );
}
