/** Every event type the product emits, and so every type an endpoint can subscribe to. */
export const EVENT_TYPES = [
  "invoice.created",
  "invoice.processing",
  "invoice.reverted",
  "invoice.paid",
  "invoice.underpaid",
  "invoice.overpaid",
  "invoice.paid_late",
  "invoice.multiple_payments",
  "invoice.expired",
  "invoice.canceled",
  "invoice.paid_after_cancel",
  "invoice.refunded",
  "payment.unmatched",
  "webhook.test",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
