import type { Metadata } from "next";
import Link from "next/link";
import { LinkQr } from "@/components/dashboard/links/LinkQr";
import { merchantLinkOr404 } from "@/components/dashboard/links/merchantLink";
import { PrintButton } from "@/components/dashboard/links/PrintButton";
import { linkAmountText } from "@/components/dashboard/links/present";
import { getConfig } from "@/lib/config/config";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { presentPaymentLink } from "@/lib/paymentLinks/paymentLinks";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Print payment link" };

/** Printed, only the sheet shows: the dashboard's header and this page's buttons are hidden. */
const PRINT_CSS = `@media print {
  @page { margin: 16mm; }
  body { background: white !important; color: black !important; }
  body header { display: none !important; }
}`;

export default async function PrintPaymentLinkPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { merchant, merchantId } = await requireMerchantPage();
  const link = presentPaymentLink(
    await merchantLinkOr404(merchantId, (await params).id),
    getConfig().publicUrl,
  );
  return (
    <div className="space-y-6">
      <style>{PRINT_CSS}</style>
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link
          href={`/dashboard/links/${link.id}`}
          className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          ← Back to the link
        </Link>
        <PrintButton />
      </div>
      <h1 className="sr-only">Printable payment link</h1>
      <article
        data-testid="print-sheet"
        className="mx-auto max-w-md rounded-2xl bg-white p-8 text-center text-slate-900 shadow-sm ring-1 ring-slate-200 print:max-w-none print:shadow-none print:ring-0"
      >
        <p className="text-lg font-semibold">{merchant.name}</p>
        {link.description && <p className="mt-4 text-2xl font-semibold">{link.description}</p>}
        <p className="mt-2 text-3xl font-bold tracking-tight">
          {link.amount === null ? "Enter any amount" : linkAmountText(link)}
        </p>
        <LinkQr
          url={link.url}
          label={`QR code to pay ${merchant.name}`}
          framed={false}
          className="mx-auto mt-6 size-64 print:size-80"
        />
        <p className="mt-4 text-sm">Scan to pay with stablecoins</p>
        <p className="mt-1 break-all font-mono text-xs text-slate-600">{link.url}</p>
        {!link.active && (
          <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 print:hidden">
            This link is inactive: reactivate it before printing.
          </p>
        )}
      </article>
    </div>
  );
}
