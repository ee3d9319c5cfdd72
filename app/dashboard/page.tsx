import { Onboarding } from "@/components/dashboard/Onboarding";
import { SignIn } from "@/components/dashboard/SignIn";
import { pageSession } from "@/lib/dashboard/page";
import { dashboardWalletProps } from "@/lib/dashboard/wallets";

export const dynamic = "force-dynamic";

/** Sign-in without a session, store creation without a merchant, else the overview. */
export default async function DashboardHome() {
  const session = await pageSession();
  if (!session) return <SignIn demo={Boolean(dashboardWalletProps().demo)} />;
  if (!session.merchantId) return <Onboarding address={session.address} />;
  return (
    <section>
      <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
    </section>
  );
}
