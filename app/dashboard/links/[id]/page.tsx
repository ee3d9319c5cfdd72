import type { Metadata } from "next";
import { LinkDetail } from "@/components/dashboard/links/LinkDetail";
import { LinkQr } from "@/components/dashboard/links/LinkQr";
import { merchantLinkOr404 } from "@/components/dashboard/links/merchantLink";
import { getConfig } from "@/lib/config/config";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { presentPaymentLink } from "@/lib/paymentLinks/paymentLinks";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payment link" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function PaymentLinkPage({ params, searchParams }: Props) {
  const { merchantId } = await requireMerchantPage();
  const { publicUrl } = getConfig();
  const link = presentPaymentLink(
    await merchantLinkOr404(merchantId, (await params).id),
    publicUrl,
  );
  return (
    <LinkDetail
      initial={link}
      publicUrl={publicUrl}
      created={(await searchParams).created === "1"}
      qr={<LinkQr url={link.url} label={`QR code of the link ${link.url}`} />}
    />
  );
}
