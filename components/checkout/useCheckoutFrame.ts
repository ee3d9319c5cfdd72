"use client";

import { useCallback, useEffect, useState } from "react";
import type { CheckoutFrameMessage } from "@/lib/checkout/embedding";

function postToParent(origin: string | null, message: CheckoutFrameMessage) {
  if (origin && window.parent !== window) window.parent.postMessage(message, origin);
}

/**
 * The checkout in a merchant's frame: tells the parent it loaded and when the invoice is paid,
 * and asks it to close (the frame's own Close, or Escape). Outside a frame, nothing.
 */
export function useCheckoutFrame(embedOrigin: string | null, invoiceId: string) {
  // The frame's own Close appears as it tells the parent it has loaded, and the parent hides its
  // fallback close button then: one close control at a time, and never one that does nothing yet.
  const [announced, setAnnounced] = useState(false);
  useEffect(() => {
    postToParent(embedOrigin, { type: "checkout:loaded", invoice_id: invoiceId });
    setAnnounced(window.parent !== window);
  }, [embedOrigin, invoiceId]);

  // Embedded, focus is inside the frame: Escape here asks the parent to close, unless it is
  // closing the wallet's own dialog.
  useEffect(() => {
    if (!embedOrigin) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      if (document.querySelector('[role="dialog"]')) return;
      postToParent(embedOrigin, { type: "checkout:closed", invoice_id: invoiceId });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [embedOrigin, invoiceId]);

  const postPaid = useCallback(
    () =>
      postToParent(embedOrigin, { type: "checkout:paid", invoice_id: invoiceId, status: "paid" }),
    [embedOrigin, invoiceId],
  );
  const onClose =
    embedOrigin && announced
      ? () => postToParent(embedOrigin, { type: "checkout:closed", invoice_id: invoiceId })
      : undefined;

  return { onClose, postPaid };
}
