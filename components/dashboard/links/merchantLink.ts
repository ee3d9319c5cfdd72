import "server-only";
import { notFound } from "next/navigation";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { getDb } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { findMerchantPaymentLink, type PaymentLinkRow } from "@/lib/paymentLinks/paymentLinks";

/** The merchant's link, or the 404 page (another merchant's link is as absent as an unknown one). */
export async function merchantLinkOr404(merchantId: string, id: string): Promise<PaymentLinkRow> {
  try {
    return await findMerchantPaymentLink(await getDb(), merchantId, dashboardLivemode(), id);
  } catch (error) {
    if (error instanceof DomainError && error.code === "resource_not_found") notFound();
    throw error;
  }
}
