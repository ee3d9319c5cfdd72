"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { isSettled } from "@/lib/checkout/settled";
import type { CheckoutInvoice } from "@/lib/checkout/view";

const POLL_MS = 2000;
/** Failed connections in a row before the page stops trying server-sent events. */
const MAX_STREAM_ERRORS = 3;

export type LiveTransport = "events" | "polling" | "idle";

/**
 * The invoice as the server sees it, live: server-sent events from /api/checkout/{id}/events,
 * falling back to polling every two seconds when the stream cannot be had (a proxy that buffers
 * or blocks it, an old browser). Stops once nothing can change any more.
 */
export function useCheckoutInvoice(initial: CheckoutInvoice) {
  const [invoice, setInvoice] = useState(initial);
  const [transport, setTransport] = useState<LiveTransport>("idle");
  const latest = useRef(invoice);
  latest.current = invoice;
  const settled = isSettled(invoice);

  const refresh = useCallback(async () => {
    const response = await fetch(`/api/checkout/${initial.id}`, { cache: "no-store" });
    if (response.ok) setInvoice((await response.json()) as CheckoutInvoice);
  }, [initial.id]);

  useEffect(() => {
    if (settled) {
      setTransport("idle");
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | null = null;

    const poll = async () => {
      if (cancelled || isSettled(latest.current)) return;
      await refresh().catch(() => {});
      if (!cancelled) timer = setTimeout(poll, POLL_MS);
    };
    const fallBack = () => {
      source?.close();
      source = null;
      if (cancelled) return;
      setTransport("polling");
      timer = setTimeout(poll, POLL_MS);
    };

    if (typeof EventSource === "undefined") {
      fallBack();
    } else {
      let errors = 0;
      source = new EventSource(`/api/checkout/${initial.id}/events`);
      source.addEventListener("open", () => {
        errors = 0;
        setTransport("events");
      });
      source.addEventListener("invoice", (event) => {
        setInvoice(JSON.parse((event as MessageEvent<string>).data) as CheckoutInvoice);
      });
      // The server ends the stream once the invoice is settled (or the stream has run long):
      // a settled invoice stops here, anything else reconnects by itself.
      source.addEventListener("end", (event) => {
        const { reason } = JSON.parse((event as MessageEvent<string>).data) as { reason: string };
        if (reason !== "lifetime") source?.close();
      });
      source.addEventListener("error", () => {
        errors += 1;
        if (source?.readyState === EventSource.CLOSED || errors >= MAX_STREAM_ERRORS) fallBack();
      });
    }
    return () => {
      cancelled = true;
      source?.close();
      clearTimeout(timer);
    };
  }, [initial.id, refresh, settled]);

  return { invoice, setInvoice, refresh, transport };
}
