"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { dashboardFetch } from "./api";
import { signOut } from "./DashboardWallet";

const LINKS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/invoices", label: "Invoices" },
  { href: "/dashboard/unmatched", label: "Unmatched" },
  { href: "/dashboard/links", label: "Payment links" },
  { href: "/dashboard/settings", label: "Settings" },
  { href: "/dashboard/developers", label: "Developers" },
];

/**
 * The dashboard's sections. On a phone the tabs wrap onto a second row as pills, so every one is
 * in sight (a sideways scroller hid the last ones); from `sm` up they are one row of underlined tabs.
 */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard">
      <ul className="flex flex-wrap gap-1 pb-2 sm:-mb-px sm:flex-nowrap sm:pb-0">
        {LINKS.map((link) => {
          const active =
            link.href === "/dashboard" ? pathname === link.href : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 sm:rounded-none sm:border-b-2 sm:py-2.5 ${
                  active
                    ? "bg-indigo-50 text-indigo-700 sm:border-indigo-600 sm:bg-transparent dark:bg-indigo-500/15 dark:text-indigo-300 sm:dark:border-indigo-400 sm:dark:bg-transparent"
                    : "text-slate-700 hover:bg-slate-100 hover:text-slate-950 sm:border-transparent sm:hover:bg-transparent dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white sm:dark:hover:bg-transparent"
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function AccountMenu({
  address,
  merchantId,
  memberships,
}: {
  address: string;
  merchantId: string;
  memberships: { merchant_id: string; merchant_name: string }[];
}) {
  return (
    <div className="flex items-center gap-3 text-sm">
      {memberships.length > 1 && (
        <label className="flex items-center gap-2">
          <span className="sr-only">Store</span>
          <select
            value={merchantId}
            onChange={async (event) => {
              await dashboardFetch("/api/dashboard/session/merchant", {
                body: { merchant_id: event.target.value },
              });
              window.location.assign("/dashboard");
            }}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          >
            {memberships.map((m) => (
              <option key={m.merchant_id} value={m.merchant_id}>
                {m.merchant_name}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="hidden font-mono text-xs text-slate-600 sm:inline dark:text-slate-400">
        {address.slice(0, 6)}…{address.slice(-4)}
      </span>
      <button
        type="button"
        onClick={() => void signOut()}
        className="rounded-md px-2.5 py-1 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
      >
        Sign out
      </button>
    </div>
  );
}
