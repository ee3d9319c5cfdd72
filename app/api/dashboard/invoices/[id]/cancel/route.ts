import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { loadDashboardInvoice } from "@/lib/dashboard/invoiceDetail";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { cancelInvoice } from "@/lib/invoices/cancelInvoice";
import { findMerchantInvoice } from "@/lib/invoices/queries";

export const dynamic = "force-dynamic";

/** Cancels the merchant's invoice while it is open with nothing paid; 409 otherwise. */
export const POST = dashboardMerchantRoute<{ id: string }>(async ({ db, params, merchant }) => {
  const livemode = dashboardLivemode();
  await db.transaction(async (tx) => {
    await findMerchantInvoice(tx, merchant.id, livemode, params.id);
    await cancelInvoice(tx, params.id);
  });
  return json(await loadDashboardInvoice(db, merchant, livemode, params.id));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
