import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { AmountForm } from "@/components/paymentLinks/AmountForm";
import { FixedAmountForm } from "@/components/paymentLinks/FixedAmountForm";
import { LinkMessage } from "@/components/paymentLinks/LinkMessage";
import { linkInvoiceCookieName } from "@/lib/paymentLinks/linkInvoice";
import { paymentLinkView } from "@/lib/paymentLinks/openLink";
import { payFixedAmount, payTypedAmount } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pay", robots: { index: false } };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The checkout's own query (language, embedding) goes along to the invoice it opens. */
const FORWARDED = ["lang", "embed", "parent_origin"] as const;
function forwardedQuery(query: Record<string, string | string[] | undefined>): string {
  const forwarded = new URLSearchParams();
  for (const name of FORWARDED) {
    const value = query[name];
    if (typeof value === "string") forwarded.set(name, value);
  }
  const text = forwarded.toString();
  return text ? `?${text}` : "";
}

/**
 * A reusable link. Opening it (a GET, a HEAD, a prefetch or prerender) only reads: the invoice is
 * issued by the shopper's button, a form post, so a link preview or a crawler costs nothing. A
 * browser that already holds a payable invoice from this link is offered that one again.
 */
export default async function PaymentLinkPage({ params, searchParams }: Props) {
  const [{ id }, query, jar] = await Promise.all([params, searchParams, cookies()]);
  const view = await paymentLinkView(id, jar.get(linkInvoiceCookieName(id))?.value);
  const forwarded = forwardedQuery(query);
  if (view.kind === "missing") notFound();
  if (view.kind === "inactive") {
    return (
      <LinkMessage
        title="This payment link is no longer active"
        body={`${view.merchantName} has turned it off. Ask them for a new link if you still want to pay.`}
      />
    );
  }
  if (view.amount === null)
    return <AmountForm link={view} action={payTypedAmount.bind(null, view.id, forwarded)} />;
  return (
    <FixedAmountForm
      link={{ ...view, amount: view.amount }}
      query={forwarded}
      action={payFixedAmount.bind(null, view.id, forwarded)}
    />
  );
}
