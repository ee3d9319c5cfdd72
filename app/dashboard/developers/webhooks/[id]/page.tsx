import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointDetail } from "@/components/dashboard/developers/EndpointDetail";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { getDb } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import {
  findMerchantWebhookEndpoint,
  presentWebhookEndpoint,
  type WebhookEndpointRow,
} from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { merchantId } = await requireMerchantPage();
  const db = await getDb();
  let endpoint: WebhookEndpointRow;
  try {
    endpoint = await findMerchantWebhookEndpoint(
      db,
      merchantId,
      dashboardLivemode(),
      (await params).id,
    );
  } catch (error) {
    // Another merchant's endpoint is as absent as an unknown one.
    if (error instanceof DomainError && error.code === "resource_not_found") notFound();
    throw error;
  }
  const deliveries = await listDeliveries(db, endpoint.id, { limit: 50 });
  return (
    <EndpointDetail initial={presentWebhookEndpoint(endpoint)} initialDeliveries={deliveries} />
  );
}
