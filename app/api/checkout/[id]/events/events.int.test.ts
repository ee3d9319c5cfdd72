import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { MAX_STREAMS_PER_ADDRESS } from "@/lib/checkout/liveUpdates";
import type { CheckoutInvoice } from "@/lib/checkout/view";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/clientAddress";
import { callRoute, createMerchant, send } from "@/lib/tooling/testing/fixtures";
import { GET as eventsRoute } from "./route";

let apiKey: string;

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Live Shop" }));
});

type ServerSentEvent = { event: string; data: string };

/** A full garbage collection, now (the flag exposes gc to contexts made after it is set). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** Opens the stream as EventSource would and reads its events as they come. */
function openStream(id: string, address = "198.51.100.7") {
  const abort = new AbortController();
  const request = new Request(`http://checkout.test/api/checkout/${id}/events`, {
    headers: { [CLIENT_ADDRESS_HEADER]: address, accept: "text/event-stream" },
    signal: abort.signal,
  });
  const response = eventsRoute(request, { params: Promise.resolve({ id }) });
  let buffer = "";
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const decoder = new TextDecoder();
  async function next(timeoutMs = 10_000): Promise<ServerSentEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((line) => !line.startsWith(":") && line.includes(":"))
            .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
        );
        if (fields.event) return { event: fields.event, data: fields.data ?? "" };
        continue;
      }
      if (Date.now() > deadline) throw new Error("no event in time");
      reader ??= (await response).body!.getReader();
      const { done, value } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  }
  return { response, next, close: () => abort.abort() };
}

async function newInvoice() {
  const { status, json } = await callRoute(createInvoiceRoute, {
    apiKey,
    path: "/api/v1/invoices",
    body: { amount: "2.00", currency: "USD" },
  });
  expect(status).toBe(201);
  return json as {
    id: string;
    payment_options: { transaction: { to: `0x${string}`; data: `0x${string}` } }[];
  };
}

describe("GET /api/checkout/{id}/events", () => {
  it("sends the invoice at once, again when it is paid, then ends the stream", async () => {
    const invoice = await newInvoice();
    const stream = openStream(invoice.id);
    const response = await stream.response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toContain("no-transform");
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);

    const first = await stream.next();
    expect(first?.event).toBe("invoice");
    expect((JSON.parse(first!.data) as CheckoutInvoice).status).toBe("open");

    const hash = await send(1, invoice.payment_options[0]!.transaction);
    const posted = await callRoute(submitPaymentRoute, {
      params: { id: invoice.id },
      body: { chain_id: 31337, tx_hash: hash },
    });
    expect(posted.status).toBe(200);

    const paid = await stream.next(5000);
    expect(paid?.event).toBe("invoice");
    const live = JSON.parse(paid!.data) as CheckoutInvoice;
    expect(live.status).toBe("paid");
    expect(live.payments[0]?.tx_hash).toBe(hash);
    expect(await stream.next()).toEqual({ event: "end", data: '{"reason":"settled"}' });
    expect(await stream.next()).toBeNull();
  });

  it("answers 404 for an unknown invoice", async () => {
    const response = await openStream("inv_00000000000000000000000000").response;
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "resource_not_found",
    );
  });

  it("holds at most a few streams per client address", async () => {
    const invoice = await newInvoice();
    const address = "198.51.100.99";
    const open = Array.from({ length: MAX_STREAMS_PER_ADDRESS }, () =>
      openStream(invoice.id, address),
    );
    for (const stream of open) expect((await stream.response).status).toBe(200);
    const refused = await openStream(invoice.id, address).response;
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(refused.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    // Another address is not affected; a closed stream frees its slot.
    expect((await openStream(invoice.id, "198.51.100.100").response).status).toBe(200);
    // Nothing but the stream holds the request now: a collected request must still free its slot.
    collectGarbage();
    open[0]!.close();
    // The slot is freed when the server notices the hang-up, which a busy machine may take a
    // moment to do: ask again until then (without the close this stays 429 and the test fails).
    let again = openStream(invoice.id, address);
    const deadline = Date.now() + 5_000;
    while ((await again.response).status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      again = openStream(invoice.id, address);
    }
    expect((await again.response).status).toBe(200);
    for (const stream of [...open, again]) stream.close();
  });
});
