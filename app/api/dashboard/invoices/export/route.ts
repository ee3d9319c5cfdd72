import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import {
  csvStream,
  exportFilename,
  exportRangeQuery,
  invoiceCsvChunks,
} from "@/lib/dashboard/invoiceExport";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { parseInput } from "@/lib/errors";

/**
 * GET ?from=YYYY-MM-DD&to=YYYY-MM-DD: the merchant's invoices created on those UTC days as CSV,
 * streamed a batch at a time.
 */
export const GET = dashboardMerchantRoute(async ({ request, db, merchantId }) => {
  const range = parseInput(exportRangeQuery, searchParamsObject(request.url));
  const chunks = invoiceCsvChunks(db, { merchantId, livemode: dashboardLivemode(), range });
  return new Response(csvStream(chunks), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(range)}"`,
    },
  });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
