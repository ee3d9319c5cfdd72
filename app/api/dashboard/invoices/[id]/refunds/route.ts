import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { loadDashboardInvoice } from "@/lib/dashboard/invoiceDetail";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { parseInput } from "@/lib/errors";
import type { CurrencyCode } from "@/lib/money/currencies";
import { presentRefund } from "@/lib/refunds/present";
import { recordRefund } from "@/lib/refunds/refunds";
import { recordRefundBody } from "@/lib/refunds/schemas";

export const dynamic = "force-dynamic";

/** The invoice as the dashboard's invoice page shows it (refunds still confirming are updated). */
export const GET = dashboardMerchantRoute<{ id: string }>(async ({ db, params, merchant }) => {
  return json(await loadDashboardInvoice(db, merchant, dashboardLivemode(), params.id));
});

/**
 * Records a refund the merchant's wallet has sent: verified on-chain (the payment's token, to
 * the recipient, for the amount, from one of the merchant's wallets), at most what was paid.
 */
export const POST = dashboardMerchantRoute<{ id: string }>(
  async ({ request, db, params, merchant }) => {
    const input = parseInput(recordRefundBody, await readJsonBody(request));
    const livemode = dashboardLivemode();
    const refund = await recordRefund(db, {
      merchant,
      livemode,
      invoiceId: params.id,
      paymentId: input.payment_id,
      chainId: input.chain_id,
      txHash: input.tx_hash,
      to: input.to,
      amount: input.amount,
    });
    const detail = await loadDashboardInvoice(db, merchant, livemode, params.id);
    return json(
      { refund: presentRefund(refund, detail.invoice.currency as CurrencyCode), ...detail },
      201,
    );
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
