import type { Metadata } from "next";
import Link from "next/link";
import { CreateInvoiceForm } from "@/components/dashboard/invoices/CreateInvoiceForm";
import { ModeNote } from "@/components/dashboard/overview/ModeNote";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { DEFAULT_EXPIRES_IN } from "@/lib/invoices/schemas";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New invoice" };

export default async function NewInvoicePage() {
  const { merchant } = await requireMerchantPage();
  return (
    <section className="mx-auto max-w-2xl space-y-6">
      <div>
        <Link
          href="/dashboard/invoices"
          className="text-sm font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
        >
          ← Invoices
        </Link>
        <div className="mt-2 flex items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">New invoice</h1>
          <ModeNote livemode={dashboardLivemode()} />
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The shopper pays it in any stablecoin and chain your store accepts.
        </p>
      </div>
      <CreateInvoiceForm defaultExpiresIn={merchant.defaultExpiresIn ?? DEFAULT_EXPIRES_IN} />
    </section>
  );
}
