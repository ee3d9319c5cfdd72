import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Checkout } from "@/components/checkout/Checkout";
import { getPaymentChains } from "@/lib/chains/registry";
import { checkoutView } from "@/lib/checkout/view";
import { getDb } from "@/lib/db/client";
import { findInvoice } from "@/lib/invoices/invoices";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function loadCheckout(id: string) {
  const db = await getDb();
  const invoice = await findInvoice(db, id);
  return invoice ? checkoutView(db, invoice, getPaymentChains()) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await loadCheckout((await params).id);
  return {
    title: view ? `Pay ${view.merchant_name}` : "Invoice not found",
    robots: { index: false },
  };
}

export default async function PayPage({ params }: Props) {
  const view = await loadCheckout((await params).id);
  if (!view) notFound();
  return <Checkout initial={view} />;
}
