import { listInvoicesQuery } from "../../invoices/listInvoices";
import { createInvoiceBody, invoiceListSchema, invoiceSchema } from "../../invoices/schemas";

import { id, type PathOperations } from "./operation";

/** The OpenAPI operations of invoices: create, read, list, cancel. */
export const invoiceOperations: PathOperations = {
  "/api/v1/invoices": {
    post: {
      tag: "Invoices",
      summary: "Create an invoice",
      description:
        "Each payment option carries a ready-to-send `transaction`: sending it as it stands, from any wallet or script, pays the invoice.",
      body: createInvoiceBody,
      responses: { 201: { description: "The new invoice.", schema: invoiceSchema } },
      errors: [400, 401, 409, 413, 415, 429],
    },
    get: {
      tag: "Invoices",
      summary: "List invoices",
      query: listInvoicesQuery,
      responses: {
        200: { description: "A page of invoices, newest first.", schema: invoiceListSchema },
      },
      errors: [400, 401, 429],
    },
  },
  "/api/v1/invoices/{id}": {
    get: {
      tag: "Invoices",
      summary: "Get an invoice",
      pathParams: id("invoice"),
      responses: { 200: { description: "The invoice.", schema: invoiceSchema } },
      errors: [401, 404, 429],
    },
  },
  "/api/v1/invoices/{id}/cancel": {
    post: {
      tag: "Invoices",
      summary: "Cancel an invoice",
      description:
        "Only while nothing is paid, being confirmed, or on its way (a transaction the chain's node has, not mined yet, whose input pays this invoice, posted by the checkout); a 409 invoice_not_cancelable otherwise. A posted hash the node does not know holds nothing. No body.",
      pathParams: id("invoice"),
      responses: { 200: { description: "The canceled invoice.", schema: invoiceSchema } },
      errors: [401, 404, 409, 429],
    },
  },
};
