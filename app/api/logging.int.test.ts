import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { POST as createLinkRoute } from "@/app/api/v1/payment-links/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook-endpoints/route";
import { getDb } from "@/lib/db/client";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";

let apiKey: string;
const TABLES = ["invoices", "payment_links", "webhook_endpoints"];

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Log Shop" }));
  const db = await getDb();
  await db.execute(
    sql.raw(`create or replace function test_refuse_insert() returns trigger language plpgsql as $$
      begin raise exception 'refused by a test trigger'; end $$`),
  );
  for (const table of TABLES) {
    await db.execute(
      sql.raw(
        `create trigger test_refuse_${table} before insert on ${table} for each row execute function test_refuse_insert()`,
      ),
    );
  }
});

afterAll(async () => {
  const db = await getDb();
  for (const table of TABLES) {
    await db.execute(sql.raw(`drop trigger if exists test_refuse_${table} on ${table}`));
  }
  await db.execute(sql.raw("drop function if exists test_refuse_insert()"));
});

describe("the server log after a failed statement", () => {
  it("says what failed and its code, never the parameters, bodies, keys or secrets", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(
        args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "),
      );
    });
    const markers = {
      description: "marker-description-6b1f",
      metadata: "marker-metadata-93aa",
      order: "marker-order-0c2d",
      link: "marker-link-71e4",
      endpoint: "marker-endpoint-5d90",
    };
    try {
      const answers = [
        await callRoute(createInvoiceRoute, {
          apiKey,
          body: {
            amount: "3.00",
            currency: "USD",
            description: markers.description,
            order_id: markers.order,
            metadata: { note: markers.metadata },
          },
        }),
        await callRoute(createLinkRoute, {
          apiKey,
          body: { amount: "3.00", currency: "USD", description: markers.link },
        }),
        await callRoute(createEndpointRoute, {
          apiKey,
          body: { url: "http://127.0.0.1:9/hook", description: markers.endpoint },
        }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(500);
        expect(answer.json.error.code).toBe("internal_error");
        expect(JSON.stringify(answer.json)).not.toContain("marker-");
      }
    } finally {
      spy.mockRestore();
    }
    const log = logged.join("\n");
    // What failed, with its request id and the database's code (P0001: raised by the trigger).
    expect(logged.filter((line) => /^\[req_[0-9a-f]+\] unhandled error: /.test(line))).toHaveLength(
      3,
    );
    expect(log).toContain("P0001");
    for (const secret of [
      ...Object.values(markers),
      "whsec_",
      apiKey,
      apiKey.slice(8),
      "params:",
      "insert into",
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
