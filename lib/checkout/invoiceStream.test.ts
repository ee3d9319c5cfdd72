import { describe, expect, it } from "vitest";
import {
  ChangeDetector,
  formatServerSentEvent,
  type InvoiceStreamEvent,
  runInvoiceStream,
} from "./invoiceStream";

type FakeInvoice = { version: string; settled: boolean };

/** A fake invoice store and clock: each poll reads the next scripted version. */
function harness(versions: (string | null)[], options = { heartbeatMs: 3000, lifetimeMs: 60_000 }) {
  let clock = 0;
  let polls = 0;
  let reads = 0;
  const sent: InvoiceStreamEvent[] = [];
  const current = () => versions[Math.min(polls, versions.length - 1)] ?? null;
  const run = runInvoiceStream<FakeInvoice>(
    {
      readVersion: async () => current(),
      readInvoice: async () => {
        reads += 1;
        const version = current();
        return version === null ? null : { version, settled: version.startsWith("paid") };
      },
      isSettled: (invoice) => invoice.settled,
      send: (event) => sent.push(event),
      wait: async (ms) => {
        clock += ms;
        polls += 1;
      },
      now: () => clock,
      aborted: () => polls > 200,
    },
    { pollMs: 1000, ...options },
  );
  return { run, sent, reads: () => reads };
}

const invoices = (events: InvoiceStreamEvent[]) =>
  events.flatMap((event) =>
    event.kind === "invoice" ? [(JSON.parse(event.data) as FakeInvoice).version] : [],
  );

describe("ChangeDetector", () => {
  it("reports the first version and each change, not repeats", () => {
    const detector = new ChangeDetector();
    expect(detector.changed("a")).toBe(true);
    expect(detector.changed("a")).toBe(false);
    expect(detector.changed("b")).toBe(true);
    expect(detector.changed("a")).toBe(true);
    expect(detector.changed(null)).toBe(true);
    expect(detector.changed(null)).toBe(false);
  });
});

describe("runInvoiceStream", () => {
  it("sends the invoice at once, then only when its version changes, and ends once settled", async () => {
    const { run, sent, reads } = harness([
      "open|1",
      "open|1",
      "processing|2",
      "processing|2",
      "paid|3",
    ]);
    await run;
    expect(invoices(sent)).toEqual(["open|1", "processing|2", "paid|3"]);
    // The whole invoice is read only when the cheap version changed.
    expect(reads()).toBe(3);
    expect(sent.at(-1)).toEqual({ kind: "end", reason: "settled" });
  });

  it("sends heartbeats while nothing changes, and ends after its lifetime", async () => {
    const { run, sent } = harness(["open|1"], { heartbeatMs: 3000, lifetimeMs: 10_000 });
    await run;
    expect(invoices(sent)).toEqual(["open|1"]);
    expect(sent.filter((event) => event.kind === "heartbeat")).toHaveLength(3);
    expect(sent.at(-1)).toEqual({ kind: "end", reason: "lifetime" });
  });

  it("ends when the invoice is gone", async () => {
    const { run, sent } = harness(["open|1", null]);
    await run;
    expect(sent.at(-1)).toEqual({ kind: "end", reason: "gone" });
  });

  it("stops without sending once aborted", async () => {
    const sent: InvoiceStreamEvent[] = [];
    await runInvoiceStream({
      readVersion: async () => "open|1",
      readInvoice: async () => ({}),
      isSettled: () => false,
      send: (event) => sent.push(event),
      wait: async () => {},
      now: () => 0,
      aborted: () => true,
    });
    expect(sent).toEqual([]);
  });
});

describe("formatServerSentEvent", () => {
  it("writes events, heartbeats as comments, and the end with its reason", () => {
    expect(formatServerSentEvent({ kind: "invoice", data: '{"id":"inv_1"}' })).toBe(
      'event: invoice\ndata: {"id":"inv_1"}\n\n',
    );
    expect(formatServerSentEvent({ kind: "heartbeat" })).toBe(": heartbeat\n\n");
    expect(formatServerSentEvent({ kind: "end", reason: "settled" })).toBe(
      'event: end\ndata: {"reason":"settled"}\n\n',
    );
  });
});
