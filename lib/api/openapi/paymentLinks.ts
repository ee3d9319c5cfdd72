import { listPaymentLinksQuery } from "../../paymentLinks/paymentLinks";
import {
  createPaymentLinkBody,
  paymentLinkListSchema,
  paymentLinkSchema,
  updatePaymentLinkBody,
} from "../../paymentLinks/schemas";

import { id, type PathOperations } from "./operation";

/** The OpenAPI operations of payment links. */
export const paymentLinkOperations: PathOperations = {
  "/api/v1/payment-links": {
    post: {
      tag: "Payment links",
      summary: "Create a payment link",
      body: createPaymentLinkBody,
      responses: { 201: { description: "The new link.", schema: paymentLinkSchema } },
      errors: [400, 401, 409, 413, 415, 429],
    },
    get: {
      tag: "Payment links",
      summary: "List payment links",
      query: listPaymentLinksQuery,
      responses: {
        200: { description: "A page of links, newest first.", schema: paymentLinkListSchema },
      },
      errors: [400, 401, 429],
    },
  },
  "/api/v1/payment-links/{id}": {
    get: {
      tag: "Payment links",
      summary: "Get a payment link",
      pathParams: id("payment link"),
      responses: { 200: { description: "The link.", schema: paymentLinkSchema } },
      errors: [401, 404, 429],
    },
    post: {
      tag: "Payment links",
      summary: "Update a payment link",
      description:
        'Change any field; `{ "active": false }` deactivates the link, `true` reactivates it.',
      pathParams: id("payment link"),
      body: updatePaymentLinkBody,
      responses: { 200: { description: "The updated link.", schema: paymentLinkSchema } },
      errors: [400, 401, 404, 409, 413, 415, 429],
    },
  },
};
