import "server-only";
import { z } from "zod";
import type { Executor } from "../db/client";
import { parseInput } from "../errors";
import { listInvoices } from "../invoices/listInvoices";
import { INVOICE_STATUSES } from "../invoices/state";

export const DASHBOARD_PAGE_SIZE = 20;

/**
 * The dashboard's invoice list query (its URL's search parameters): a status filter, a search
 * term (invoice id or order id), and the API's cursor. An empty field means "not filtered".
 */
export const dashboardInvoicesQuery = z.object({
  status: z
    .union([z.literal(""), z.enum(INVOICE_STATUSES)], {
      error: `must be one of ${INVOICE_STATUSES.join(", ")}`,
    })
    .optional(),
  q: z.string().trim().max(200, "must be at most 200 characters").optional(),
  starting_after: z.string().max(100).optional(),
});

export type DashboardInvoicesQuery = z.output<typeof dashboardInvoicesQuery>;

/** Search parameters as a plain object, first value of each (what Next.js gives pages). */
export function firstValues(
  params: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && ["status", "q", "starting_after"].includes(key)) result[key] = first;
  }
  return result;
}

/**
 * A page of the merchant's invoices for the dashboard, through the API's own list (same order,
 * same cursor, same presentation), plus the search term the API does not have.
 */
export async function searchInvoices(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    input: Record<string, string>;
    publicUrl: string;
  },
) {
  const query = parseInput(dashboardInvoicesQuery, parameters.input);
  const list = await listInvoices(executor, {
    merchantId: parameters.merchantId,
    livemode: parameters.livemode,
    publicUrl: parameters.publicUrl,
    search: query.q || undefined,
    query: {
      status: query.status || undefined,
      starting_after: query.starting_after || undefined,
      limit: DASHBOARD_PAGE_SIZE,
    },
  });
  return { query, ...list };
}
