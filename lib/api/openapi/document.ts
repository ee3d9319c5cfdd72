import { z } from "zod";
import { errorSchema } from "../errorSchema";
import { checkoutOperations } from "./checkout";
import { eventOperations } from "./events";
import { invoiceOperations } from "./invoices";
import type { Operation } from "./operation";
import { paymentLinkOperations } from "./paymentLinks";
import { unmatchedPaymentOperations } from "./unmatchedPayments";
import { webhookEndpointOperations } from "./webhookEndpoints";
import { x402Operations } from "./x402";

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; `error.param` names the field. Nothing was written.",
  401: "No API key, or not a valid one.",
  404: "No such object, or not this key's (another merchant's or the other mode's).",
  409: "A conflict: the Idempotency-Key was used for another request, or the object's state forbids it.",
  410: "Gone: the invoice expired or was canceled, or the link is inactive.",
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

  const paths: Record<string, Record<string, unknown>> = {};
  for (const resource of [
    invoiceOperations,
    paymentLinkOperations,
    eventOperations,
    unmatchedPaymentOperations,
    webhookEndpointOperations,
    checkoutOperations,
    x402Operations,
  ]) {
    for (const [path, methods] of Object.entries(resource)) {
      paths[path] = Object.fromEntries(
        Object.entries(methods).map(([method, spec]) => {
          const generated = operation(spec, method);
          return [method, spec.stream ? streamOperation(generated) : generated];
        }),
      );
    }
  }

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
      {
        name: "x402",
        description:
          "Programs pay invoices and links over HTTP 402; your own x402 servers settle through the facilitator.",
      },
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
function streamOperation(generated: Record<string, unknown>): Record<string, unknown> {
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
