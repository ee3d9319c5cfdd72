/**
 * The invoice state machine, as pure functions: given what has been paid and when, what is the
 * invoice's status and exception. Everything that changes an invoice goes through here.
 */

export const INVOICE_STATUSES = ["open", "processing", "paid", "expired", "canceled"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_EXCEPTIONS = [
  "underpaid",
  "overpaid",
  "paid_late",
  "multiple_payments",
  "paid_after_cancel",
] as const;
export type InvoiceException = (typeof INVOICE_EXCEPTIONS)[number];

export type PaymentForState = {
  /** Invoice-level units (18 decimals of the invoice currency). */
  currencyAmount: bigint;
  status: "confirming" | "confirmed";
  blockTimestamp: Date;
  /** Breaks ties between payments mined in the same second. */
  sequence: string;
};

export type InvoiceStateInput = {
  amount: bigint;
  expiresAt: Date;
  canceled: boolean;
  payments: readonly PaymentForState[];
  now: Date;
  /** The merchant's underpayment tolerance, in basis points (0 to 500): a shortfall this small still pays. */
  underpaymentToleranceBps?: number;
};

/** The least that pays an invoice: the amount, less the tolerated shortfall. */
export function amountThatPays(amount: bigint, toleranceBps = 0): bigint {
  return amount - (amount * BigInt(toleranceBps)) / 10_000n;
}

export type InvoiceState = {
  status: InvoiceStatus;
  exception: InvoiceException | null;
  amountPaid: bigint;
  amountDue: bigint;
};

/**
 * One hundredth of the currency at invoice-level precision (18 decimals). A manual transfer adds
 * an offset below this on purpose, so an excess smaller than one cent is not an overpayment.
 */
export const ONE_CENT = 10n ** 16n;

function byTime(a: PaymentForState, b: PaymentForState): number {
  const delta = a.blockTimestamp.getTime() - b.blockTimestamp.getTime();
  return delta !== 0 ? delta : a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0;
}

export function computeInvoiceState(input: InvoiceStateInput): InvoiceState {
  const confirmed = input.payments.filter((p) => p.status === "confirmed").sort(byTime);
  const confirming = input.payments.some((p) => p.status === "confirming");
  const amountPaid = confirmed.reduce((sum, p) => sum + p.currencyAmount, 0n);
  const enough = amountThatPays(input.amount, input.underpaymentToleranceBps);
  const amountDue = amountPaid >= input.amount ? 0n : input.amount - amountPaid;

  // A canceled invoice stays canceled, but money that reached the merchant anyway is reported.
  if (input.canceled) {
    const exception = amountPaid > 0n ? "paid_after_cancel" : null;
    return { status: "canceled", exception, amountPaid, amountDue };
  }

  if (amountPaid >= enough) {
    // The payment that brought the total to the amount decides lateness; any after it is extra.
    let running = 0n;
    let completing = 0;
    for (const [index, payment] of confirmed.entries()) {
      running += payment.currencyAmount;
      if (running >= enough) {
        completing = index;
        break;
      }
    }
    const completedAt = confirmed[completing]!.blockTimestamp;
    let exception: InvoiceException | null = null;
    if (completedAt.getTime() > input.expiresAt.getTime()) exception = "paid_late";
    else if (completing < confirmed.length - 1) exception = "multiple_payments";
    else if (amountPaid - input.amount >= ONE_CENT) exception = "overpaid";
    // Within the tolerance nothing more is asked for.
    return { status: "paid", exception, amountPaid, amountDue: 0n };
  }

  const exception = amountPaid > 0n ? "underpaid" : null;
  if (confirming) return { status: "processing", exception, amountPaid, amountDue };
  if (input.now.getTime() > input.expiresAt.getTime()) {
    return { status: "expired", exception, amountPaid, amountDue };
  }
  return { status: "open", exception, amountPaid, amountDue };
}

/**
 * The events a change from `before` to `after` emits, in order: status first, then exception.
 * `paymentDropped`: the change comes from a confirming payment that a chain reorganisation took
 * away; an invoice it leaves no longer processing emits invoice.reverted first, so a merchant who
 * acted on invoice.processing hears it was undone.
 */
export function eventTypesForChange(
  before: Pick<InvoiceState, "status" | "exception">,
  after: Pick<InvoiceState, "status" | "exception">,
  options: { paymentDropped?: boolean } = {},
): string[] {
  const types: string[] = [];
  if (options.paymentDropped && before.status === "processing" && after.status !== "processing") {
    types.push("invoice.reverted");
  }
  if (after.status !== before.status && after.status !== "open") {
    types.push(`invoice.${after.status}`);
  }
  if (after.exception !== null && after.exception !== before.exception) {
    types.push(`invoice.${after.exception}`);
  }
  return types;
}

/**
 * Whether a transfer mined at `minedAt` may still be credited: not after the monitoring window
 * that follows expiry. A canceled invoice takes one too (recorded as paid_after_cancel), so the
 * merchant learns of money that reached them.
 */
export function acceptsPaymentAt(
  invoice: { expiresAt: Date },
  minedAt: Date,
  monitoringWindowSeconds: number,
): boolean {
  return minedAt.getTime() <= invoice.expiresAt.getTime() + monitoringWindowSeconds * 1000;
}
