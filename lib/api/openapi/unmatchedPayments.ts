import { unmatchedPaymentListSchema } from "../../payments/ledger/schemas";
import { listUnmatchedPaymentsQuery } from "../../payments/ledger/unmatchedPayments";

import type { PathOperations } from "./operation";

/** The OpenAPI operations of unmatched payments. */
export const unmatchedPaymentOperations: PathOperations = {
  "/api/v1/unmatched-payments": {
    get: {
      tag: "Unmatched payments",
      summary: "List unmatched payments",
      description:
        "Transfers of a watched token to your address that credited no invoice, each with why and who sent it, so you can refund it. Each one but dust also sends a `payment.unmatched` event carrying it.",
      query: listUnmatchedPaymentsQuery,
      responses: {
        200: {
          description: "A page of unmatched payments, newest first.",
          schema: unmatchedPaymentListSchema,
        },
      },
      errors: [400, 401, 429],
    },
  },
};
