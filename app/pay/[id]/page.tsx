import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Checkout } from "@/components/checkout/Checkout";
import { getPaymentChains } from "@/lib/chains/registry";
import { demoWalletsFor } from "@/lib/checkout/demoWallet";
import { embedTargetOrigin } from "@/lib/checkout/embedding";
import { merchantAllowedOrigins } from "@/lib/checkout/frameOrigins";
import { checkoutView } from "@/lib/checkout/view";
import { getConfig } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { CATALOGS } from "@/lib/i18n/catalogs";
import { negotiateLocale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translate";
import { findInvoice } from "@/lib/invoices/queries";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function loadCheckout(id: string) {
  const db = await getDb();
  const invoice = await findInvoice(db, id);
  if (!invoice) return null;
  const [view, allowedOrigins] = await Promise.all([
    checkoutView(db, invoice, getPaymentChains()),
    merchantAllowedOrigins(db, invoice.merchantId),
  ]);
  return { view, allowedOrigins };
}

async function pageLocale(searchParams: Props["searchParams"]) {
  const [query, requestHeaders] = await Promise.all([searchParams, headers()]);
  return negotiateLocale(first(query.lang), requestHeaders.get("accept-language"));
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [loaded, locale] = await Promise.all([
    loadCheckout((await params).id),
    pageLocale(searchParams),
  ]);
  const t = createTranslator(CATALOGS[locale]);
  return {
    title: loaded ? t("page.title", { merchant: loaded.view.merchant_name }) : "Invoice not found",
    robots: { index: false },
  };
}

/** The hosted checkout, rendered here in full so it shows before any wallet code loads. */
export default async function PayPage({ params, searchParams }: Props) {
  const [loaded, locale, query, requestHeaders] = await Promise.all([
    loadCheckout((await params).id),
    pageLocale(searchParams),
    searchParams,
    headers(),
  ]);
  if (!loaded) notFound();
  const { view, allowedOrigins } = loaded;
  const host = requestHeaders.get("host");
  const selfOrigins = [
    getConfig().publicUrl,
    ...(host ? [`http://${host}`, `https://${host}`] : []),
  ];
  const embedOrigin =
    first(query.embed) === "1"
      ? embedTargetOrigin(first(query.parent_origin), selfOrigins, allowedOrigins)
      : null;
  return (
    <Checkout
      initial={view}
      locale={locale}
      messages={CATALOGS[locale]}
      demo={demoWalletsFor(view.chains)}
      embedOrigin={embedOrigin}
    />
  );
}
