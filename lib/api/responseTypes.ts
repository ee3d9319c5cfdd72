import type { z } from "zod";
import type { CheckoutInvoice } from "../checkout/view";
import type { ApiEvent } from "../events/payload";
import type { PaymentOption } from "../invoices/paymentOptions";
import type { ApiInvoice, ApiPayment } from "../invoices/present";
import type { ApiPaymentLink } from "../paymentLinks/paymentLinks";
import type { ApiUnmatchedPayment } from "../payments/ledger/unmatchedPayments";
import type { ApiRefund } from "../refunds/present";
import type { ApiWebhookDelivery } from "../webhooks/deliveries";
import type { ApiWebhookEndpoint } from "../webhooks/endpoints";
import type {
  checkoutInvoiceSchema,
  eventSchema,
  invoiceSchema,
  paymentLinkSchema,
  paymentOptionSchema,
  paymentSchema,
  refundSchema,
  unmatchedPaymentSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
} from "./responseSchemas";

/**
 * Compile-time proof that what the presenters return is what the documented schemas describe:
 * every value fits the schema, and neither side has a field the other lacks.
 */
type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : false
  : false;
type Fits<Value, Schema> = Value extends Schema ? true : false;
type Assert<T extends true> = T;

export type Checks = [
  Assert<Fits<ApiInvoice, z.output<typeof invoiceSchema>>>,
  Assert<SameKeys<ApiInvoice, z.output<typeof invoiceSchema>>>,
  Assert<Fits<ApiPayment, z.output<typeof paymentSchema>>>,
  Assert<SameKeys<ApiPayment, z.output<typeof paymentSchema>>>,
  Assert<Fits<ApiRefund, z.output<typeof refundSchema>>>,
  Assert<SameKeys<ApiRefund, z.output<typeof refundSchema>>>,
  Assert<Fits<PaymentOption, z.output<typeof paymentOptionSchema>>>,
  Assert<SameKeys<PaymentOption, z.output<typeof paymentOptionSchema>>>,
  Assert<Fits<ApiPaymentLink, z.output<typeof paymentLinkSchema>>>,
  Assert<SameKeys<ApiPaymentLink, z.output<typeof paymentLinkSchema>>>,
  Assert<Fits<CheckoutInvoice, z.output<typeof checkoutInvoiceSchema>>>,
  Assert<SameKeys<CheckoutInvoice, z.output<typeof checkoutInvoiceSchema>>>,
  Assert<Fits<ApiEvent, z.output<typeof eventSchema>>>,
  Assert<SameKeys<ApiEvent, z.output<typeof eventSchema>>>,
  Assert<Fits<ApiWebhookEndpoint, z.output<typeof webhookEndpointSchema>>>,
  Assert<SameKeys<ApiWebhookEndpoint, z.output<typeof webhookEndpointSchema>>>,
  Assert<Fits<ApiWebhookDelivery, z.output<typeof webhookDeliverySchema>>>,
  Assert<SameKeys<ApiWebhookDelivery, z.output<typeof webhookDeliverySchema>>>,
  Assert<Fits<ApiUnmatchedPayment, z.output<typeof unmatchedPaymentSchema>>>,
  Assert<SameKeys<ApiUnmatchedPayment, z.output<typeof unmatchedPaymentSchema>>>,
  // Every reason the table can hold is documented, and no other.
  Assert<Fits<z.output<typeof unmatchedPaymentSchema>["reason"], ApiUnmatchedPayment["reason"]>>,
];
