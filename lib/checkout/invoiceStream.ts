/*
 * The loop behind GET /api/checkout/{id}/events, free of HTTP and of the database so it can be
 * tested with fakes. It sends the invoice once, then again whenever its version changes.
 *
 * Several app instances can serve one PostgreSQL, and a payment may be credited by another
 * instance's watcher, so the loop does not rely on in-process events alone: every `pollMs` it
 * reads the invoice's version, a short string from one cheap query (its status and updated_at,
 * each payment's confirmations and status, each posted transaction's status), and only when
 * that changes does it build and send the whole invoice. An in-process signal (a transaction
 * posted to this instance) wakes it at once instead of at the next poll.
 */

export type InvoiceStreamEvent =
  | { kind: "invoice"; data: string }
  | { kind: "heartbeat" }
  | { kind: "end"; reason: "settled" | "gone" | "lifetime" };

export type InvoiceStreamDependencies<Invoice> = {
  /** The invoice's version string; null when the invoice does not exist. */
  readVersion(): Promise<string | null>;
  /** The invoice as the page sees it; null when it does not exist. */
  readInvoice(): Promise<Invoice | null>;
  isSettled(invoice: Invoice): boolean;
  send(event: InvoiceStreamEvent): void;
  /** Resolves after `ms`, or earlier when woken (an in-process signal) or aborted. */
  wait(ms: number): Promise<void>;
  now(): number;
  aborted(): boolean;
};

export type InvoiceStreamOptions = {
  pollMs: number;
  heartbeatMs: number;
  /** The stream ends after this long; EventSource reconnects by itself. */
  lifetimeMs: number;
};

export const DEFAULT_STREAM_OPTIONS: InvoiceStreamOptions = {
  pollMs: 750,
  heartbeatMs: 15_000,
  lifetimeMs: 10 * 60_000,
};

/** Remembers the last version seen; says whether a new one differs. */
export class ChangeDetector {
  private last: string | null | undefined = undefined;

  /** True the first time and whenever the version differs from the previous one. */
  changed(version: string | null): boolean {
    if (version === this.last) return false;
    this.last = version;
    return true;
  }
}

export async function runInvoiceStream<Invoice>(
  deps: InvoiceStreamDependencies<Invoice>,
  options: InvoiceStreamOptions = DEFAULT_STREAM_OPTIONS,
): Promise<void> {
  const started = deps.now();
  let lastSent = started;
  const detector = new ChangeDetector();
  while (!deps.aborted()) {
    const version = await deps.readVersion();
    if (deps.aborted()) return;
    if (version === null) {
      deps.send({ kind: "end", reason: "gone" });
      return;
    }
    if (detector.changed(version)) {
      const invoice = await deps.readInvoice();
      if (deps.aborted()) return;
      if (invoice === null) {
        deps.send({ kind: "end", reason: "gone" });
        return;
      }
      deps.send({ kind: "invoice", data: JSON.stringify(invoice) });
      lastSent = deps.now();
      if (deps.isSettled(invoice)) {
        deps.send({ kind: "end", reason: "settled" });
        return;
      }
    } else if (deps.now() - lastSent >= options.heartbeatMs) {
      deps.send({ kind: "heartbeat" });
      lastSent = deps.now();
    }
    if (deps.now() - started >= options.lifetimeMs) {
      deps.send({ kind: "end", reason: "lifetime" });
      return;
    }
    await deps.wait(options.pollMs);
  }
}

/** One server-sent event as text. */
export function formatServerSentEvent(event: InvoiceStreamEvent): string {
  switch (event.kind) {
    case "invoice":
      return `event: invoice\ndata: ${event.data}\n\n`;
    case "heartbeat":
      return ": heartbeat\n\n";
    case "end":
      return `event: end\ndata: ${JSON.stringify({ reason: event.reason })}\n\n`;
  }
}
