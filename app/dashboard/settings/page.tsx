import type { Metadata } from "next";
import { Members } from "@/components/dashboard/settings/Members";
import { SettingsForm } from "@/components/dashboard/settings/SettingsForm";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { listMembers } from "@/lib/dashboard/members";
import { requireMerchantPage } from "@/lib/dashboard/page";
import { chainRelayers } from "@/lib/dashboard/relayers";
import { getDb } from "@/lib/db/client";
import { presentMerchant } from "@/lib/merchants/merchants";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Settings" };

/** The store's settings and its members; owners change them, members read them. */
export default async function SettingsPage() {
  const { session, merchant } = await requireMerchantPage();
  const canEdit = session.role === "owner";
  const chains = getPaymentChains().map((chain) => ({
    id: chain.id,
    name: chain.name,
    tokens: chain.tokens.map((token) => ({ symbol: token.symbol, name: token.name })),
  }));
  const db = await getDb();
  const [members, relayers] = await Promise.all([listMembers(db, merchant.id), chainRelayers(db)]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <SettingsForm
        initial={presentMerchant(merchant)}
        chains={chains}
        relayers={relayers}
        canEdit={canEdit}
        merchantId={merchant.id}
        signedIn={session.address}
        deployment={new URL(getConfig().publicUrl).origin}
      />
      <Members initial={members} me={session.address} canEdit={canEdit} />
    </div>
  );
}
