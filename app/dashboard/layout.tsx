import type { Metadata } from "next";
import type { ReactNode } from "react";
import { DashboardWallet } from "@/components/dashboard/DashboardWallet";
import { AccountMenu, NavLinks } from "@/components/dashboard/Nav";
import { pageSession } from "@/lib/dashboard/page";
import { presentSession } from "@/lib/dashboard/present";
import { dashboardWalletProps } from "@/lib/dashboard/wallets";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Dashboard", template: "%s · Dashboard" },
  robots: { index: false },
};

/**
 * Every dashboard page: the wallet context, and for a session with a merchant the header and
 * navigation. The CSRF token the dashboard's requests send is in a meta tag.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await pageSession();
  const wallet = dashboardWalletProps();
  const view = session ? await presentSession(await getDb(), session) : null;
  const current = view?.memberships.find((m) => m.merchant_id === view.merchant_id);
  return (
    <DashboardWallet wallet={wallet} signedIn={Boolean(session)}>
      {session && <meta name="csrf-token" content={session.csrfToken} />}
      {view && current ? (
        <div className="min-h-dvh">
          <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 pt-4 sm:px-6">
              <p className="truncate text-base font-semibold" data-testid="merchant-name">
                {current.merchant_name}
              </p>
              <AccountMenu
                address={view.address}
                merchantId={current.merchant_id}
                memberships={view.memberships}
              />
            </div>
            <div className="mx-auto mt-2 max-w-6xl px-2 sm:px-4">
              <NavLinks />
            </div>
          </header>
          <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6">{children}</div>
        </div>
      ) : (
        children
      )}
    </DashboardWallet>
  );
}
