"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { CheckoutInvoice } from "@/lib/checkout/view";

const POLL_MS = 2000;

function isSettled(invoice: CheckoutInvoice): boolean {
  const waiting =
    invoice.submissions.some((submission) => submission.status === "pending") ||
    invoice.payments.some((payment) => payment.status === "confirming");
  return !waiting && invoice.status !== "open" && invoice.status !== "processing";
}

/** The invoice as the server sees it, refreshed every two seconds until nothing can change. */
export function useCheckoutInvoice(initial: CheckoutInvoice) {
  const [invoice, setInvoice] = useState(initial);
  const latest = useRef(invoice);
  latest.current = invoice;

  const refresh = useCallback(async () => {
    const response = await fetch(`/api/checkout/${initial.id}`, { cache: "no-store" });
    if (response.ok) setInvoice((await response.json()) as CheckoutInvoice);
  }, [initial.id]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let cancelled = false;
    const tick = async () => {
      if (cancelled || isSettled(latest.current)) return;
      await refresh().catch(() => {});
      if (!cancelled) timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  return { invoice, setInvoice, refresh };
}
