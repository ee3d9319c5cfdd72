import type { Metadata } from "next";
import { PaymentLinks } from "@/components/dashboard/links/PaymentLinks";
import { getConfig } from "@/lib/config/config";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { getDb } from "@/lib/db/client";
import { listPaymentLinks } from "@/lib/paymentLinks/paymentLinks";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payment links" };

export default async function PaymentLinksPage() {
  const { merchantId } = await requireMerchantPage();
  const links = await listPaymentLinks(await getDb(), {
    merchantId,
    livemode: dashboardLivemode(),
    query: { limit: 50 },
    publicUrl: getConfig().publicUrl,
  });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Payment links</h1>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          Links you share or print; each visit opens a fresh invoice with the link&rsquo;s terms.
        </p>
      </div>
      <PaymentLinks initial={links} />
    </div>
  );
}
