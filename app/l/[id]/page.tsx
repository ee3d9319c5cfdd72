import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AmountForm } from "@/components/paymentLinks/AmountForm";
import { LinkMessage } from "@/components/paymentLinks/LinkMessage";
import { limitClientAddress } from "@/lib/api/limits";
import { DomainError } from "@/lib/errors";
import { openPaymentLink, paymentLinkView } from "@/lib/paymentLinks/openLink";
import { payTypedAmount } from "./actions";

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

/** A reusable link: a fixed amount issues a fresh invoice and goes to its checkout at once. */
export default async function PaymentLinkPage({ params, searchParams }: Props) {
  const view = await paymentLinkView((await params).id);
  const query = forwardedQuery(await searchParams);
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
    return <AmountForm link={view} action={payTypedAmount.bind(null, view.id, query)} />;

  let invoiceId: string;
  try {
    limitClientAddress(new Request("http://local/", { headers: await headers() }));
    invoiceId = await openPaymentLink(view.id);
  } catch (error) {
    if (error instanceof DomainError) {
      return <LinkMessage title="This link cannot be paid right now" body={error.message} />;
    }
    throw error;
  }
  redirect(`/pay/${invoiceId}${query}`);
}
