import { count } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postAuthorizationRoute } from "@/app/api/checkout/[id]/authorizations/route";
import { GET as checkoutEventsRoute } from "@/app/api/checkout/[id]/events/route";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { GET as checkoutRoute } from "@/app/api/checkout/[id]/route";
import { POST as settleRoute } from "@/app/api/x402/facilitator/settle/route";
import { GET as supportedRoute } from "@/app/api/x402/facilitator/supported/route";
import { POST as verifyRoute } from "@/app/api/x402/facilitator/verify/route";
import { GET as x402InvoiceRoute } from "@/app/api/x402/invoices/[id]/route";
import { GET as x402LinkRoute } from "@/app/api/x402/links/[id]/route";
import { getDb } from "@/lib/db/client";
import {
  events,
  invoices,
  paymentLinks,
  paymentSubmissions,
  payments,
  relayerTransactions,
  webhookEndpoints,
} from "@/lib/db/schema";
import type { RouteHandler } from "@/lib/tooling/testing/fixtures";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { GET as getEventRoute } from "./events/[id]/route";
import { GET as listEventsRoute } from "./events/route";
import { POST as cancelRoute } from "./invoices/[id]/cancel/route";
import { GET as getInvoiceRoute } from "./invoices/[id]/route";
import { POST as createInvoiceRoute, GET as listInvoicesRoute } from "./invoices/route";
import { GET as openApiRoute } from "./openapi.json/route";
import { GET as getLinkRoute, POST as updateLinkRoute } from "./payment-links/[id]/route";
import { POST as createLinkRoute, GET as listLinksRoute } from "./payment-links/route";
import { GET as listUnmatchedRoute } from "./unmatched-payments/route";
import { POST as redeliverRoute } from "./webhook-endpoints/[id]/deliveries/[delivery_id]/redeliver/route";
import { GET as deliveriesRoute } from "./webhook-endpoints/[id]/deliveries/route";
import { POST as rotateRoute } from "./webhook-endpoints/[id]/rotate-secret/route";
import {
  DELETE as deleteEndpointRoute,
  GET as getEndpointRoute,
  POST as updateEndpointRoute,
} from "./webhook-endpoints/[id]/route";
import { POST as testEndpointRoute } from "./webhook-endpoints/[id]/test/route";
import { POST as createEndpointRoute, GET as listEndpointsRoute } from "./webhook-endpoints/route";

/**
 * A fuzz test driven by the OpenAPI document: for every documented operation, fast-check sends
 * malformed variants (wrong types, odd lengths and encodings, text that cannot be stored, missing
 * and unknown fields, boundary amounts, bodies that are not JSON or not sent as JSON, ids and query
 * parameters of any shape). None may answer 5xx, and none that is refused may write anything.
 */

// biome-ignore lint/suspicious/noExplicitAny: handlers with and without params.
type AnyRoute = RouteHandler<any>;

const HANDLERS: Record<string, AnyRoute> = {
  "post /api/v1/invoices": createInvoiceRoute,
  "get /api/v1/invoices": listInvoicesRoute,
  "get /api/v1/invoices/{id}": getInvoiceRoute,
  "post /api/v1/invoices/{id}/cancel": cancelRoute,
  "post /api/v1/payment-links": createLinkRoute,
  "get /api/v1/payment-links": listLinksRoute,
  "get /api/v1/payment-links/{id}": getLinkRoute,
  "post /api/v1/payment-links/{id}": updateLinkRoute,
  "get /api/v1/events": listEventsRoute,
  "get /api/v1/events/{id}": getEventRoute,
  "get /api/v1/unmatched-payments": listUnmatchedRoute,
  "post /api/v1/webhook-endpoints": createEndpointRoute,
  "get /api/v1/webhook-endpoints": listEndpointsRoute,
  "get /api/v1/webhook-endpoints/{id}": getEndpointRoute,
  "post /api/v1/webhook-endpoints/{id}": updateEndpointRoute,
  "delete /api/v1/webhook-endpoints/{id}": deleteEndpointRoute,
  "post /api/v1/webhook-endpoints/{id}/rotate-secret": rotateRoute,
  "post /api/v1/webhook-endpoints/{id}/test": testEndpointRoute,
  "get /api/v1/webhook-endpoints/{id}/deliveries": deliveriesRoute,
  "post /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver": redeliverRoute,
  "get /api/checkout/{id}": checkoutRoute,
  "post /api/checkout/{id}/payments": submitPaymentRoute,
  "post /api/checkout/{id}/authorizations": postAuthorizationRoute,
  "get /api/checkout/{id}/events": checkoutEventsRoute,
  "get /api/x402/invoices/{id}": x402InvoiceRoute,
  "get /api/x402/links/{id}": x402LinkRoute,
  "get /api/x402/facilitator/supported": supportedRoute,
  "post /api/x402/facilitator/verify": verifyRoute,
  "post /api/x402/facilitator/settle": settleRoute,
};

type Operation = {
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  bodyFields: string[];
  hasBody: boolean;
  auth: boolean;
};

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let apiKey: string;
let operations: Operation[] = [];
/** Ids of real objects of the key's merchant, so mutated requests also reach deep paths. */
let knownIds: string[] = [];

/** A valid body per operation: each run changes or drops one of its fields (or sends another). */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  "post /api/v1/invoices": {
    amount: "5.00",
    currency: "USD",
    description: "Tea",
    order_id: "A-1",
    metadata: { note: "x" },
    items: [{ name: "Tea", quantity: 1, unit_amount: "5.00" }],
  },
  "post /api/v1/payment-links": { amount: "5.00", currency: "USD", description: "Class" },
  "post /api/v1/payment-links/{id}": { description: "Class", active: true },
  "post /api/v1/webhook-endpoints": { url: "http://127.0.0.1:9/hook", description: "orders" },
  "post /api/v1/webhook-endpoints/{id}": { description: "orders", enabled: true },
  "post /api/checkout/{id}/payments": { chain_id: 31337, tx_hash: `0x${"ab".repeat(32)}` },
};

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Fuzz Shop" }));
  const invoice = await callRoute(createInvoiceRoute, {
    apiKey,
    body: { amount: "5.00", currency: "USD" },
  });
  const link = await callRoute(createLinkRoute, {
    apiKey,
    body: { amount: "5.00", currency: "USD" },
  });
  const endpoint = await callRoute(createEndpointRoute, {
    apiKey,
    body: { url: "http://127.0.0.1:9/hook" },
  });
  knownIds = [invoice.json.id, link.json.id, endpoint.json.id];
  const document = (await callRoute(openApiRoute as never)).json as {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: unknown[];
          parameters?: { name?: string; in?: string; $ref?: string }[];
          requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        }
      >
    >;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const propertiesOf = (schema: Record<string, unknown> | undefined): string[] => {
    if (!schema) return [];
    const ref = schema.$ref as string | undefined;
    const resolved = ref ? document.components.schemas[ref.split("/").at(-1)!] : schema;
    return Object.keys((resolved as { properties?: object } | undefined)?.properties ?? {});
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({
      key: `${method} ${path}`,
      method,
      path,
      pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
      query: (spec.parameters ?? [])
        .filter((parameter) => parameter.in === "query")
        .map((parameter) => parameter.name!),
      bodyFields: propertiesOf(spec.requestBody?.content["application/json"]?.schema),
      hasBody: spec.requestBody !== undefined,
      auth: spec.security === undefined,
    })),
  );
});

async function tableCounts(): Promise<number[]> {
  const db = await getDb();
  const tables = [
    invoices,
    paymentLinks,
    webhookEndpoints,
    events,
    payments,
    paymentSubmissions,
    relayerTransactions,
  ];
  return Promise.all(
    tables.map(async (table) => (await db.select({ n: count() }).from(table))[0]!.n),
  );
}

const awkwardText = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udc00x",
  "%00",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "'; drop table invoices; --",
  "x".repeat(10_001),
  "🥐".repeat(300),
  "\u202e\u200b",
);
const boundaryAmount = fc.constantFrom(
  "0",
  "0.00",
  "0.001",
  "-1",
  "+5",
  "1e3",
  "12,50",
  " 12.50 ",
  "1000000000.00",
  "1000000000.01",
  "99999999999999999999999999999999999999999999999999999999999999999999999999999999",
  "NaN",
  "Infinity",
);
/** Text no database column can hold: NUL characters and unpaired surrogates, anywhere. */
const unstorableText = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom("\u0000", "\ud800", "\udfff", "\ud83d"),
    fc.string({ maxLength: 8 }),
  )
  .map(([head, bad, tail]) => `${head}${bad}${tail}`);
const anyText = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
  { weight: 2, arbitrary: awkwardText },
  { weight: 2, arbitrary: unstorableText },
);
const anyValue = fc.oneof(
  { weight: 6, arbitrary: anyText },
  { weight: 2, arbitrary: boundaryAmount },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(anyText, anyText, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(true, false, null, 0, -1, Number.MAX_SAFE_INTEGER, 1e308),
  },
);
const idValue = () =>
  fc.oneof(
    anyText,
    fc.constantFrom("inv_00000000000000000000000000", "plink_00000000000000000000000000"),
    fc.constantFrom(...knownIds),
  );

function bodyFor(operation: Operation) {
  const fields = operation.bodyFields.length > 0 ? operation.bodyFields : ["x"];
  const object = fc.dictionary(fc.oneof(fc.constantFrom(...fields), anyText), anyValue, {
    maxKeys: 8,
  });
  const valid = VALID_BODIES[operation.key];
  const mutated = valid
    ? fc
        .record({
          field: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...Object.keys(valid)) },
            { weight: 1, arbitrary: anyText },
          ),
          value: anyValue,
          drop: fc.oneof(
            { weight: 1, arbitrary: fc.constant(true) },
            { weight: 4, arbitrary: fc.constant(false) },
          ),
        })
        .map(({ field, value, drop }) => {
          const json: Record<string, unknown> = structuredClone(valid);
          if (drop) delete json[field];
          else json[field] = value;
          return { json: json as unknown };
        })
    : object.map((value) => ({ json: value as unknown }));
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 2, arbitrary: object.map((value) => ({ json: value as unknown })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ json: value })) },
    {
      weight: 1,
      arbitrary: fc.record({
        raw: fc.oneof(fc.constantFrom("{", "[1,", "null", "\u0000", '{"a":'), anyText),
        contentType: fc.constantFrom(
          "application/json",
          "text/plain",
          "",
          "application/x-www-form-urlencoded",
        ),
      }),
    },
  );
}

describe("fuzzing every documented operation", () => {
  it("knows a handler for every operation the OpenAPI document lists", () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.map((operation) => operation.key).filter((key) => !HANDLERS[key])).toEqual(
      [],
    );
  });

  it("answers malformed input with 4xx (never 5xx), and writes nothing when it refuses", async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      const handler = HANDLERS[operation.key]!;
      await fc
        .assert(
          fc.asyncProperty(
            fc.record({
              params: fc.record(
                Object.fromEntries(operation.pathParams.map((name) => [name, idValue()])),
              ),
              query: fc.dictionary(
                fc.oneof(
                  fc.constantFrom(...(operation.query.length ? operation.query : ["q"])),
                  anyText,
                ),
                anyText,
                { maxKeys: 4 },
              ),
              body: operation.hasBody ? bodyFor(operation) : fc.constant(null),
              withKey: fc.boolean(),
            }),
            async ({ params, query, body, withKey }) => {
              const search = new URLSearchParams(query as Record<string, string>).toString();
              const headers: Record<string, string> = {};
              if (operation.auth && withKey) headers.authorization = `Bearer ${apiKey}`;
              let payload: string | undefined;
              if (body && "json" in body) {
                payload = JSON.stringify(body.json);
                headers["content-type"] = "application/json";
              } else if (body) {
                payload = body.raw;
                if (body.contentType) headers["content-type"] = body.contentType;
              }
              const before = await tableCounts();
              const response = await handler(
                new Request(`http://checkout.test${operation.path}${search ? `?${search}` : ""}`, {
                  method: operation.method.toUpperCase(),
                  headers,
                  body: payload,
                }),
                { params: Promise.resolve(params) },
              );
              const status = response.status;
              await response.body?.cancel();
              if (status >= 500) {
                failures.push(
                  `${operation.key} answered ${status} to ${JSON.stringify({ params, query, body }).slice(0, 300)}`,
                );
              }
              if (status >= 400 && JSON.stringify(await tableCounts()) !== JSON.stringify(before)) {
                failures.push(`${operation.key} answered ${status} and wrote rows`);
              }
              return status < 500;
            },
          ),
          // Operations with a valid body to mutate get more runs: their refusals lie deeper.
          { numRuns: VALID_BODIES[operation.key] ? RUNS * 6 : RUNS, seed: 402, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  });
});
