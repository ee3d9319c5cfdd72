import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeys } from "@/components/dashboard/developers/ApiKeys";
import { WebhookEndpoints } from "@/components/dashboard/developers/WebhookEndpoints";
import { getConfig } from "@/lib/config/config";
import { apiKeyModes, dashboardLivemode } from "@/lib/dashboard/mode";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { getDb } from "@/lib/db/client";
import { listApiKeys } from "@/lib/merchants/apiKeys";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Developers" };

export default async function DevelopersPage() {
  const { merchantId } = await requireMerchantPage();
  const db = await getDb();
  const livemode = dashboardLivemode();
  const [keys, endpoints] = await Promise.all([
    listApiKeys(db, merchantId),
    listWebhookEndpoints(db, { merchantId, livemode, query: { limit: 100 } }),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Developers</h1>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          The API lives at <code className="font-mono">{getConfig().publicUrl}/api/v1</code>; see
          the{" "}
          <Link
            href="/docs/api"
            className="font-medium text-indigo-700 underline dark:text-indigo-300"
          >
            API reference
          </Link>
          .
        </p>
      </div>
      <ApiKeys initial={keys} modes={apiKeyModes()} />
      <WebhookEndpoints initial={endpoints.data} livemode={livemode} />
    </div>
  );
}
