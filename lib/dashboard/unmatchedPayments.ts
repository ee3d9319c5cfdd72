import "server-only";
import { z } from "zod";
import type { Executor } from "../db/client";
import { unmatchedPayments } from "../db/schema";
import { parseInput } from "../errors";
import { listUnmatchedPayments } from "../payments/ledger/unmatchedPayments";
import { DASHBOARD_PAGE_SIZE } from "./invoiceSearch";

/**
 * The dashboard's unmatched payments query (its URL's search parameters): a reason, whether to
 * show dust, and the API's cursor. An empty field means "not filtered".
 */
export const dashboardUnmatchedQuery = z.object({
  reason: z
    .union([z.literal(""), z.enum(unmatchedPayments.reason.enumValues)], {
      error: `must be one of ${unmatchedPayments.reason.enumValues.join(", ")}`,
    })
    .optional(),
  dust: z.union([z.literal(""), z.literal("show")], { error: "must be show" }).optional(),
  starting_after: z.string().max(100).optional(),
});

export type DashboardUnmatchedQuery = z.output<typeof dashboardUnmatchedQuery>;

const FIELDS = ["reason", "dust", "starting_after"];

/** The page's search parameters as a plain object, first value of each, known fields only. */
export function unmatchedQueryInput(
  params: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && FIELDS.includes(key)) result[key] = first;
  }
  return result;
}

/**
 * A page of the merchant's unmatched payments, through the API's own list. Dust (transfers below
 * the floor, often sent only to plant a look-alike address in the merchant's history) is left out
 * unless asked for, or unless the reason asked for is dust.
 */
export async function loadUnmatchedPayments(
  executor: Executor,
  parameters: { merchantId: string; livemode: boolean; input: Record<string, string> },
) {
  const query = parseInput(dashboardUnmatchedQuery, parameters.input);
  const list = await listUnmatchedPayments(executor, {
    merchantId: parameters.merchantId,
    livemode: parameters.livemode,
    hideDust: query.dust !== "show" && query.reason !== "below_minimum",
    query: {
      reason: query.reason || undefined,
      starting_after: query.starting_after || undefined,
      limit: DASHBOARD_PAGE_SIZE,
    },
  });
  return { query, ...list };
}
