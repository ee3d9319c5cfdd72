import { z } from "zod";
import { listEventsQuery } from "../events/listEvents";
import { listInvoicesQuery } from "../invoices/listInvoices";
import { createInvoiceBody } from "../invoices/schemas";
import { listPaymentLinksQuery } from "../paymentLinks/paymentLinks";
import { createPaymentLinkBody, updatePaymentLinkBody } from "../paymentLinks/schemas";
import { listUnmatchedPaymentsQuery } from "../payments/ledger/unmatchedPayments";
import { submitPaymentBody } from "../payments/submission/schemas";
import { listDeliveriesQuery } from "../webhooks/deliveries";
import { listWebhookEndpointsQuery } from "../webhooks/endpoints";
import { createWebhookEndpointBody, updateWebhookEndpointBody } from "../webhooks/schemas";
import {
  checkoutInvoiceSchema,
  deletedWebhookEndpointSchema,
  errorSchema,
  eventListSchema,
  eventSchema,
  invoiceListSchema,
  invoiceSchema,
  paymentLinkListSchema,
  paymentLinkSchema,
  submitPaymentResponseSchema,
  unmatchedPaymentListSchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "./responseSchemas";

type JsonSchema = Record<string, unknown>;
type Operation = {
  tag: string;
  summary: string;
  description?: string;
  /** false: a public endpoint with no API key. */
  auth?: boolean;
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema: z.ZodType }>;
  errors: number[];
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; `error.param` names the field. Nothing was written.",
  401: "No API key, or not a valid one.",
  404: "No such object, or not this key's (another merchant's or the other mode's).",
  409: "A conflict: the Idempotency-Key was used for another request, or the object's state forbids it.",
  413: "The body is over 64 KB.",
  415: "The body is not sent as application/json.",
  422: "The transaction does not pay this invoice; `error.code` says why.",
  429: "Too many requests; retry after the Retry-After header's seconds.",
  503: "The chain's RPC did not answer; retry.",
};

/** The OpenAPI 3.1 document of the API, generated from the zod schemas the handlers use. */
export function buildOpenApiDocument(publicUrl: string): JsonSchema {
  const components: Record<string, JsonSchema> = {};

  const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
    const generated = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = generated;
    for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      components[name] = rewriteRefs(definition) as JsonSchema;
    }
    return rewriteRefs(root) as JsonSchema;
  };

  const errorRef = toSchema(errorSchema, "output");
  const requestIdHeader = {
    "x-request-id": {
      description: "This request's id; quote it when asking for help.",
      schema: { type: "string" },
    },
  };

  const operation = (spec: Operation, method: string) => {
    const parameters: JsonSchema[] = [];
    for (const [name, description] of Object.entries(spec.pathParams ?? {})) {
      parameters.push({
        name,
        in: "path",
        required: true,
        description,
        schema: { type: "string" },
      });
    }
    if (spec.query) {
      for (const [name, field] of Object.entries(spec.query.shape)) {
        const schema = toSchema(field as z.ZodType, "input");
        const { description, ...rest } = schema;
        parameters.push({ name, in: "query", required: false, description, schema: rest });
      }
    }
    if (method === "post" && spec.auth !== false) {
      parameters.push({ $ref: "#/components/parameters/IdempotencyKey" });
    }
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        headers: {
          ...requestIdHeader,
          ...(method === "post" && spec.auth !== false
            ? {
                "idempotent-replayed": {
                  description:
                    "true when this is the saved answer to an earlier request with the same Idempotency-Key.",
                  schema: { type: "string", enum: ["true"] },
                },
              }
            : {}),
        },
        content: { "application/json": { schema: toSchema(response.schema, "output") } },
      };
    }
    for (const status of spec.errors) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status],
        headers:
          status === 429
            ? {
                ...requestIdHeader,
                "retry-after": { description: "Seconds to wait.", schema: { type: "string" } },
              }
            : requestIdHeader,
        content: { "application/json": { schema: errorRef } },
      };
    }
    return {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      operationId: `${method}${spec.summary.replace(/[^A-Za-z]+(.)?/g, (_, next: string | undefined) => (next ?? "").toUpperCase())}`,
      ...(spec.auth === false ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: toSchema(spec.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  };

  const id = (what: string) => ({ id: `The ${what}'s id.` });
  const paths: Record<string, Record<string, unknown>> = {
    "/api/v1/invoices": {
      post: operation(
        {
          tag: "Invoices",
          summary: "Create an invoice",
          description:
            "Each payment option carries a ready-to-send `transaction`: sending it as it stands, from any wallet or script, pays the invoice.",
          body: createInvoiceBody,
          responses: { 201: { description: "The new invoice.", schema: invoiceSchema } },
          errors: [400, 401, 409, 413, 415, 429],
        },
        "post",
      ),
      get: operation(
        {
          tag: "Invoices",
          summary: "List invoices",
          query: listInvoicesQuery,
          responses: {
            200: { description: "A page of invoices, newest first.", schema: invoiceListSchema },
          },
          errors: [400, 401, 429],
        },
        "get",
      ),
    },
    "/api/v1/invoices/{id}": {
      get: operation(
        {
          tag: "Invoices",
          summary: "Get an invoice",
          pathParams: id("invoice"),
          responses: { 200: { description: "The invoice.", schema: invoiceSchema } },
          errors: [401, 404, 429],
        },
        "get",
      ),
    },
    "/api/v1/invoices/{id}/cancel": {
      post: operation(
        {
          tag: "Invoices",
          summary: "Cancel an invoice",
          description:
            "Only while nothing is paid, being confirmed, or on its way (a transaction the chain's node has, not mined yet, whose input pays this invoice, posted by the checkout); a 409 invoice_not_cancelable otherwise. A posted hash the node does not know holds nothing. No body.",
          pathParams: id("invoice"),
          responses: { 200: { description: "The canceled invoice.", schema: invoiceSchema } },
          errors: [401, 404, 409, 429],
        },
        "post",
      ),
    },
    "/api/v1/payment-links": {
      post: operation(
        {
          tag: "Payment links",
          summary: "Create a payment link",
          body: createPaymentLinkBody,
          responses: { 201: { description: "The new link.", schema: paymentLinkSchema } },
          errors: [400, 401, 409, 413, 415, 429],
        },
        "post",
      ),
      get: operation(
        {
          tag: "Payment links",
          summary: "List payment links",
          query: listPaymentLinksQuery,
          responses: {
            200: { description: "A page of links, newest first.", schema: paymentLinkListSchema },
          },
          errors: [400, 401, 429],
        },
        "get",
      ),
    },
    "/api/v1/payment-links/{id}": {
      get: operation(
        {
          tag: "Payment links",
          summary: "Get a payment link",
          pathParams: id("payment link"),
          responses: { 200: { description: "The link.", schema: paymentLinkSchema } },
          errors: [401, 404, 429],
        },
        "get",
      ),
      post: operation(
        {
          tag: "Payment links",
          summary: "Update a payment link",
          description:
            'Change any field; `{ "active": false }` deactivates the link, `true` reactivates it.',
          pathParams: id("payment link"),
          body: updatePaymentLinkBody,
          responses: { 200: { description: "The updated link.", schema: paymentLinkSchema } },
          errors: [400, 401, 404, 409, 413, 415, 429],
        },
        "post",
      ),
    },
    "/api/v1/events": {
      get: operation(
        {
          tag: "Events",
          summary: "List events",
          query: listEventsQuery,
          responses: {
            200: { description: "A page of events, newest first.", schema: eventListSchema },
          },
          errors: [400, 401, 429],
        },
        "get",
      ),
    },
    "/api/v1/events/{id}": {
      get: operation(
        {
          tag: "Events",
          summary: "Get an event",
          pathParams: id("event"),
          responses: { 200: { description: "The event.", schema: eventSchema } },
          errors: [401, 404, 429],
        },
        "get",
      ),
    },
    "/api/v1/unmatched-payments": {
      get: operation(
        {
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
        "get",
      ),
    },
    "/api/v1/webhook-endpoints": {
      post: operation(
        {
          tag: "Webhooks",
          summary: "Create a webhook endpoint",
          description:
            "The answer carries the endpoint's signing secret, once. Deliveries are signed per the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature).",
          body: createWebhookEndpointBody,
          responses: {
            201: {
              description: "The endpoint and its secret.",
              schema: webhookEndpointWithSecretSchema,
            },
          },
          errors: [400, 401, 409, 413, 415, 429],
        },
        "post",
      ),
      get: operation(
        {
          tag: "Webhooks",
          summary: "List webhook endpoints",
          query: listWebhookEndpointsQuery,
          responses: {
            200: { description: "The endpoints, newest first.", schema: webhookEndpointListSchema },
          },
          errors: [400, 401, 429],
        },
        "get",
      ),
    },
    "/api/v1/webhook-endpoints/{id}": {
      get: operation(
        {
          tag: "Webhooks",
          summary: "Get a webhook endpoint",
          pathParams: id("endpoint"),
          responses: { 200: { description: "The endpoint.", schema: webhookEndpointSchema } },
          errors: [401, 404, 429],
        },
        "get",
      ),
      post: operation(
        {
          tag: "Webhooks",
          summary: "Update a webhook endpoint",
          description:
            'Change the URL, events or description; `{ "enabled": false }` pauses deliveries.',
          pathParams: id("endpoint"),
          body: updateWebhookEndpointBody,
          responses: {
            200: { description: "The updated endpoint.", schema: webhookEndpointSchema },
          },
          errors: [400, 401, 404, 409, 413, 415, 429],
        },
        "post",
      ),
      delete: operation(
        {
          tag: "Webhooks",
          summary: "Delete a webhook endpoint",
          description: "Nothing more is sent to it; its delivery log stays.",
          pathParams: id("endpoint"),
          responses: {
            200: { description: "The deleted endpoint.", schema: deletedWebhookEndpointSchema },
          },
          errors: [401, 404, 429],
        },
        "delete",
      ),
    },
    "/api/v1/webhook-endpoints/{id}/rotate-secret": {
      post: operation(
        {
          tag: "Webhooks",
          summary: "Rotate a webhook secret",
          description:
            "A new secret, shown once; the old one keeps signing alongside it for 24 hours.",
          pathParams: id("endpoint"),
          responses: {
            200: {
              description: "The endpoint and its new secret.",
              schema: webhookEndpointWithSecretSchema,
            },
          },
          errors: [401, 404, 409, 429],
        },
        "post",
      ),
    },
    "/api/v1/webhook-endpoints/{id}/deliveries": {
      get: operation(
        {
          tag: "Webhooks",
          summary: "List an endpoint's deliveries",
          pathParams: id("endpoint"),
          query: listDeliveriesQuery,
          responses: {
            200: {
              description: "Deliveries, newest first, with their attempts.",
              schema: webhookDeliveryListSchema,
            },
          },
          errors: [400, 401, 404, 429],
        },
        "get",
      ),
    },
    "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver": {
      post: operation(
        {
          tag: "Webhooks",
          summary: "Redeliver",
          description: "Sends the delivery again now and answers with the attempt's result.",
          pathParams: { ...id("endpoint"), delivery_id: "The delivery's id." },
          responses: {
            200: { description: "The delivery after the attempt.", schema: webhookDeliverySchema },
          },
          errors: [401, 404, 409, 429],
        },
        "post",
      ),
    },
    "/api/v1/webhook-endpoints/{id}/test": {
      post: operation(
        {
          tag: "Webhooks",
          summary: "Send a test event",
          description:
            "Queues a webhook.test event for this endpoint only; it is sent within a second.",
          pathParams: id("endpoint"),
          responses: {
            201: { description: "The queued delivery.", schema: webhookDeliverySchema },
          },
          errors: [401, 404, 409, 429],
        },
        "post",
      ),
    },
    "/api/checkout/{id}": {
      get: operation(
        {
          tag: "Checkout",
          summary: "Get an invoice as the shopper sees it",
          description:
            "Public: what the hosted checkout page shows (no metadata). Rate-limited per client address.",
          auth: false,
          pathParams: id("invoice"),
          responses: { 200: { description: "The invoice.", schema: checkoutInvoiceSchema } },
          errors: [404, 429],
        },
        "get",
      ),
    },
    "/api/checkout/{id}/payments": {
      post: operation(
        {
          tag: "Checkout",
          summary: "Submit a transaction hash",
          description:
            "Public: anyone may post any hash. Each Transfer of the transaction credits the invoice whose reference immediately follows the call that made it (transfer or transferFrom with the log's recipient and amount, anywhere in the input), whichever invoice the hash was posted to. 202 when the receipt is not there yet: the hash is kept and asked about again, as `unseen` (a hint that holds nothing) when the chain's node does not know it, as `pending` when the node has it and it pays this invoice. 422 codes: wrong_chain, transaction_failed, no_matching_transfer, reference_mismatch, amount_too_small, token_not_accepted, transaction_already_used, invoice_not_payable. 429 too_many_pending_payments when this client address has 20 hashes waiting.",
          auth: false,
          pathParams: id("invoice"),
          body: submitPaymentBody,
          responses: {
            200: {
              description: "Credited, or still gaining confirmations.",
              schema: submitPaymentResponseSchema,
            },
            202: {
              description: "Not mined yet: kept and checked again.",
              schema: submitPaymentResponseSchema,
            },
          },
          errors: [400, 404, 413, 415, 422, 429, 503],
        },
        "post",
      ),
    },
    "/api/checkout/{id}/events": {
      get: checkoutEventsOperation(
        operation(
          {
            tag: "Checkout",
            summary: "Follow an invoice live",
            description:
              "Public, server-sent events (`text/event-stream`): an `invoice` event carrying the CheckoutInvoice at once and whenever it changes (a transaction sent, a confirmation, paid, expired), `: heartbeat` comments every 15 seconds, and an `end` event (`reason`: `settled`, `gone` or `lifetime`) before the stream closes, on a final state or after 10 minutes (`retry: 1000`: EventSource reconnects by itself). Changes made by any instance sharing the database arrive within a second. At most 10 open streams per client address (429 beyond).",
            auth: false,
            pathParams: id("invoice"),
            responses: {
              200: { description: "The event stream.", schema: checkoutInvoiceSchema },
            },
            errors: [404, 429],
          },
          "get",
        ),
      ),
    },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "Stablecoin checkout API",
      version: "1",
      description:
        "Invoices paid in stablecoins straight to the merchant's address. Authenticate with `Authorization: Bearer sk_test_…` or `sk_live_…`. Amounts are decimal strings; token amounts are base units as decimal strings.",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: publicUrl }],
    security: [{ apiKey: [] }],
    tags: [
      {
        name: "Invoices",
        description: "Payment requests: one amount, paid in any accepted stablecoin.",
      },
      { name: "Payment links", description: "Reusable links; each visit issues a fresh invoice." },
      { name: "Events", description: "Every change to an invoice, kept and listed." },
      {
        name: "Unmatched payments",
        description: "Money that reached your address but paid no invoice: yours to refund.",
      },
      {
        name: "Webhooks",
        description: "Events delivered to your server, signed, retried for about 3 days.",
      },
      { name: "Checkout", description: "The public endpoints the hosted checkout page uses." },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key: sk_test_… or sk_live_…",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Makes the POST safe to retry for 24 hours: the same key and body return the saved answer; the same key with another body is a 409.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
      schemas: components,
    },
  };
}

/** The events endpoint answers 200 as text/event-stream; each `invoice` event's data is JSON. */
function checkoutEventsOperation(generated: Record<string, unknown>): Record<string, unknown> {
  const responses = generated.responses as Record<string, Record<string, unknown>>;
  const ok = responses["200"]!;
  const content = ok.content as Record<string, { schema: JsonSchema }>;
  const invoiceRef = content["application/json"]!.schema;
  return {
    ...generated,
    responses: {
      ...responses,
      "200": {
        ...ok,
        content: {
          "text/event-stream": {
            schema: {
              type: "string",
              description:
                "Server-sent events; each `invoice` event's data is the invoice as JSON.",
            },
            // OpenAPI 3.1 has no schema for one event: the invoice event's data is this.
            "x-event-data": invoiceRef,
          },
        },
      },
    },
  };
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === "$ref" && typeof inner === "string"
          ? inner.replace("#/$defs/", "#/components/schemas/")
          : rewriteRefs(inner),
      ]),
    );
  }
  return value;
}
