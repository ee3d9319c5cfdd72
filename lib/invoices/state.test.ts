import { describe, expect, it } from "vitest";
import { parseCurrencyAmount } from "../money/currencies";
import {
  acceptsPaymentAt,
  amountThatPays,
  computeInvoiceState,
  eventTypesForChange,
  type InvoiceStateInput,
  type PaymentForState,
} from "./state";

const usd = (value: string) => parseCurrencyAmount(value, "USD");

const CREATED = new Date("2030-01-01T12:00:00Z");
const EXPIRES = new Date("2030-01-01T12:30:00Z");
const at = (minutes: number) => new Date(CREATED.getTime() + minutes * 60_000);

let sequence = 0;
function payment(
  amount: string,
  minutes: number,
  status: PaymentForState["status"] = "confirmed",
): PaymentForState {
  sequence += 1;
  return {
    currencyAmount: usd(amount),
    status,
    blockTimestamp: at(minutes),
    sequence: `8453:${String(sequence).padStart(20, "0")}:00000000`,
  };
}

function state(overrides: Partial<InvoiceStateInput>) {
  return computeInvoiceState({
    amount: usd("12.50"),
    expiresAt: EXPIRES,
    canceled: false,
    payments: [],
    now: at(5),
    ...overrides,
  });
}

describe("computeInvoiceState", () => {
  it("is open with the whole amount due before expiry when nothing is paid", () => {
    expect(state({})).toEqual({
      status: "open",
      exception: null,
      amountPaid: 0n,
      amountDue: usd("12.50"),
    });
  });

  it("is still open at the exact second of expiry, and expired just after", () => {
    expect(state({ now: EXPIRES }).status).toBe("open");
    expect(state({ now: new Date(EXPIRES.getTime() + 1) }).status).toBe("expired");
  });

  it("is expired after expiry when nothing is paid", () => {
    expect(state({ now: at(31) })).toEqual({
      status: "expired",
      exception: null,
      amountPaid: 0n,
      amountDue: usd("12.50"),
    });
  });

  it("is processing while a payment is confirming", () => {
    expect(state({ payments: [payment("12.50", 1, "confirming")] })).toEqual({
      status: "processing",
      exception: null,
      amountPaid: 0n,
      amountDue: usd("12.50"),
    });
  });

  it("is processing, not expired, while a payment is confirming after expiry", () => {
    const result = state({ payments: [payment("12.50", 29, "confirming")], now: at(45) });
    expect(result.status).toBe("processing");
  });

  it("is paid with no exception when one confirmed payment matches the amount", () => {
    expect(state({ payments: [payment("12.50", 1)] })).toEqual({
      status: "paid",
      exception: null,
      amountPaid: usd("12.50"),
      amountDue: 0n,
    });
  });

  it("stays paid after expiry once paid in time", () => {
    expect(state({ payments: [payment("12.50", 1)], now: at(60) }).status).toBe("paid");
  });

  it("is open and underpaid with the rest due after a partial payment", () => {
    expect(state({ payments: [payment("5.00", 1)] })).toEqual({
      status: "open",
      exception: "underpaid",
      amountPaid: usd("5.00"),
      amountDue: usd("7.50"),
    });
  });

  it("is processing and underpaid while a top-up is confirming", () => {
    const result = state({ payments: [payment("5.00", 1), payment("7.50", 2, "confirming")] });
    expect(result).toEqual({
      status: "processing",
      exception: "underpaid",
      amountPaid: usd("5.00"),
      amountDue: usd("7.50"),
    });
  });

  it("is paid with no exception after a partial payment and a top-up of the rest", () => {
    // The shopper did what the checkout asked: pay, then pay the rest.
    expect(state({ payments: [payment("5.00", 1), payment("7.50", 2)] })).toEqual({
      status: "paid",
      exception: null,
      amountPaid: usd("12.50"),
      amountDue: 0n,
    });
  });

  it("is paid and overpaid when one payment is more than the amount", () => {
    expect(state({ payments: [payment("20.00", 1)] })).toEqual({
      status: "paid",
      exception: "overpaid",
      amountPaid: usd("20.00"),
      amountDue: 0n,
    });
  });

  it("is overpaid when a top-up is more than the rest", () => {
    const result = state({ payments: [payment("5.00", 1), payment("10.00", 2)] });
    expect(result.status).toBe("paid");
    expect(result.exception).toBe("overpaid");
    expect(result.amountPaid).toBe(usd("15.00"));
  });

  it("is overpaid by one cent or more", () => {
    const result = state({
      payments: [{ ...payment("12.50", 1), currencyAmount: usd("12.51") }],
    });
    expect(result.exception).toBe("overpaid");
  });

  it("is paid without an exception when the excess is below one cent (a manual offset)", () => {
    const result = state({
      payments: [{ ...payment("12.50", 1), currencyAmount: usd("12.51") - 1n }],
    });
    expect(result).toEqual({
      status: "paid",
      exception: null,
      amountPaid: usd("12.51") - 1n,
      amountDue: 0n,
    });
  });

  it("is paid with multiple_payments when another payment arrives after it was paid", () => {
    expect(state({ payments: [payment("12.50", 1), payment("12.50", 3)] })).toEqual({
      status: "paid",
      exception: "multiple_payments",
      amountPaid: usd("25.00"),
      amountDue: 0n,
    });
  });

  it("is paid_late when the completing payment was mined after expiry", () => {
    expect(state({ payments: [payment("12.50", 40)], now: at(41) })).toEqual({
      status: "paid",
      exception: "paid_late",
      amountPaid: usd("12.50"),
      amountDue: 0n,
    });
  });

  it("is paid_late when only the top-up came after expiry", () => {
    const result = state({ payments: [payment("5.00", 1), payment("7.50", 40)], now: at(41) });
    expect(result.status).toBe("paid");
    expect(result.exception).toBe("paid_late");
  });

  it("is not paid_late when the completing payment was in time and an extra one came late", () => {
    const result = state({ payments: [payment("12.50", 1), payment("1.00", 40)], now: at(41) });
    expect(result.exception).toBe("multiple_payments");
  });

  it("is expired and underpaid when only part was paid before expiry", () => {
    expect(state({ payments: [payment("5.00", 1)], now: at(31) })).toEqual({
      status: "expired",
      exception: "underpaid",
      amountPaid: usd("5.00"),
      amountDue: usd("7.50"),
    });
  });

  it("is canceled regardless of payments or time", () => {
    for (const payments of [[], [payment("5.00", 1)], [payment("12.50", 1)], [payment("20", 1)]]) {
      for (const now of [at(5), at(60)]) {
        expect(state({ canceled: true, payments, now }).status).toBe("canceled");
      }
    }
    expect(state({ canceled: true, payments: [payment("12.50", 1, "confirming")] }).status).toBe(
      "canceled",
    );
  });

  it("has no exception when nothing confirmed reached a canceled invoice", () => {
    expect(state({ canceled: true }).exception).toBeNull();
    // Still confirming: it may yet be reorganised away.
    const confirming = state({ canceled: true, payments: [payment("12.50", 1, "confirming")] });
    expect(confirming).toMatchObject({ exception: null, amountPaid: 0n });
  });

  it("is paid_after_cancel, still canceled, with what was paid, when money arrived anyway", () => {
    for (const amount of ["5.00", "12.50", "20.00"]) {
      const result = state({ canceled: true, payments: [payment(amount, 1)], now: at(60) });
      expect(result).toMatchObject({
        status: "canceled",
        exception: "paid_after_cancel",
        amountPaid: usd(amount),
      });
    }
    expect(state({ canceled: true, payments: [payment("5.00", 1)] }).amountDue).toBe(usd("7.50"));
  });

  it("sorts payments given out of order by block time", () => {
    // The 12.50 payment came first: the late 1.00 is an extra payment, not the completing one.
    const first = payment("12.50", 1);
    const second = payment("1.00", 40);
    const result = state({ payments: [second, first], now: at(41) });
    expect(result.status).toBe("paid");
    expect(result.exception).toBe("multiple_payments");
  });

  it("sorts payments mined in the same second by sequence", () => {
    const completing = { ...payment("12.50", 1), sequence: "8453:00000000000000000100:00000002" };
    const extra = { ...payment("1.00", 1), sequence: "8453:00000000000000000100:00000010" };
    expect(state({ payments: [extra, completing] }).exception).toBe("multiple_payments");

    // Swap which one came first in the block: now the 1.00 + 12.50 overpay together.
    const early = { ...extra, sequence: "8453:00000000000000000100:00000001" };
    expect(state({ payments: [completing, early] }).exception).toBe("overpaid");
  });

  it("counts only confirmed payments in amountPaid", () => {
    const result = state({
      payments: [payment("2.00", 1), payment("3.00", 2, "confirming"), payment("4.00", 3)],
    });
    expect(result.amountPaid).toBe(usd("6.00"));
    expect(result.amountDue).toBe(usd("6.50"));
    expect(result.status).toBe("processing");
  });

  it("never reports a negative amount due", () => {
    expect(state({ payments: [payment("100.00", 1)] }).amountDue).toBe(0n);
  });

  it("keeps amounts exact with token-sized fractions of a cent", () => {
    // 12.499999 paid with a 6-decimal token leaves 0.000001 due.
    const short = { ...payment("0", 1), currencyAmount: usd("12.50") - 10n ** 12n };
    const result = state({ payments: [short] });
    expect(result.status).toBe("open");
    expect(result.exception).toBe("underpaid");
    expect(result.amountDue).toBe(10n ** 12n);
  });
});

describe("eventTypesForChange", () => {
  it("emits invoice.processing when a payment is seen", () => {
    expect(
      eventTypesForChange(
        { status: "open", exception: null },
        { status: "processing", exception: null },
      ),
    ).toEqual(["invoice.processing"]);
  });

  it("emits invoice.paid when the payment confirms", () => {
    expect(
      eventTypesForChange(
        { status: "processing", exception: null },
        { status: "paid", exception: null },
      ),
    ).toEqual(["invoice.paid"]);
  });

  it("emits invoice.underpaid when a partial payment leaves the invoice open", () => {
    expect(
      eventTypesForChange(
        { status: "open", exception: null },
        { status: "open", exception: "underpaid" },
      ),
    ).toEqual(["invoice.underpaid"]);
  });

  it("emits the status first, then the exception", () => {
    expect(
      eventTypesForChange(
        { status: "open", exception: null },
        { status: "paid", exception: "overpaid" },
      ),
    ).toEqual(["invoice.paid", "invoice.overpaid"]);
  });

  it("emits nothing when nothing changed", () => {
    expect(
      eventTypesForChange({ status: "open", exception: null }, { status: "open", exception: null }),
    ).toEqual([]);
    expect(
      eventTypesForChange(
        { status: "paid", exception: "overpaid" },
        { status: "paid", exception: "overpaid" },
      ),
    ).toEqual([]);
  });

  it("emits invoice.reverted when a reorg takes the payment away and the invoice is open again", () => {
    const dropped = { paymentDropped: true };
    expect(
      eventTypesForChange(
        { status: "processing", exception: null },
        { status: "open", exception: null },
        dropped,
      ),
    ).toEqual(["invoice.reverted"]);
    expect(
      eventTypesForChange(
        { status: "processing", exception: "underpaid" },
        { status: "open", exception: "underpaid" },
        dropped,
      ),
    ).toEqual(["invoice.reverted"]);
  });

  it("emits invoice.reverted, then invoice.expired, when the deadline passed while it was processing", () => {
    expect(
      eventTypesForChange(
        { status: "processing", exception: null },
        { status: "expired", exception: null },
        { paymentDropped: true },
      ),
    ).toEqual(["invoice.reverted", "invoice.expired"]);
  });

  it("emits nothing for a dropped payment when another one keeps the invoice processing", () => {
    expect(
      eventTypesForChange(
        { status: "processing", exception: null },
        { status: "processing", exception: null },
        { paymentDropped: true },
      ),
    ).toEqual([]);
  });

  it("a part payment confirming back to open is not a reversal: no invoice.reverted", () => {
    expect(
      eventTypesForChange(
        { status: "processing", exception: "underpaid" },
        { status: "open", exception: "underpaid" },
      ),
    ).toEqual([]);
  });

  it("emits invoice.expired but not underpaid again when an underpaid invoice expires", () => {
    expect(
      eventTypesForChange(
        { status: "open", exception: "underpaid" },
        { status: "expired", exception: "underpaid" },
      ),
    ).toEqual(["invoice.expired"]);
  });

  it("emits invoice.paid_after_cancel, and no status event, when a canceled invoice is paid", () => {
    expect(
      eventTypesForChange(
        { status: "canceled", exception: null },
        { status: "canceled", exception: "paid_after_cancel" },
      ),
    ).toEqual(["invoice.paid_after_cancel"]);
    // A second payment to it emits nothing new.
    expect(
      eventTypesForChange(
        { status: "canceled", exception: "paid_after_cancel" },
        { status: "canceled", exception: "paid_after_cancel" },
      ),
    ).toEqual([]);
  });

  it("emits the new exception when it changes on an already paid invoice", () => {
    expect(
      eventTypesForChange(
        { status: "paid", exception: null },
        { status: "paid", exception: "multiple_payments" },
      ),
    ).toEqual(["invoice.multiple_payments"]);
  });
});

describe("acceptsPaymentAt", () => {
  const WINDOW = 3600;
  // Only the deadline matters: an expired, paid or canceled invoice takes a payment in the window.
  const invoice = { expiresAt: EXPIRES };
  const seconds = (s: number) => new Date(EXPIRES.getTime() + s * 1000);

  it("accepts payments mined before expiry", () => {
    expect(acceptsPaymentAt(invoice, at(1), WINDOW)).toBe(true);
    expect(acceptsPaymentAt(invoice, EXPIRES, WINDOW)).toBe(true);
  });

  it("accepts late payments within the monitoring window, up to its last second", () => {
    expect(acceptsPaymentAt(invoice, seconds(60), WINDOW)).toBe(true);
    expect(acceptsPaymentAt(invoice, seconds(WINDOW), WINDOW)).toBe(true);
  });

  it("refuses payments mined after the monitoring window", () => {
    expect(acceptsPaymentAt(invoice, seconds(WINDOW + 1), WINDOW)).toBe(false);
  });

  it("with a zero window, accepts nothing after expiry", () => {
    expect(acceptsPaymentAt(invoice, EXPIRES, 0)).toBe(true);
    expect(acceptsPaymentAt(invoice, new Date(EXPIRES.getTime() + 1), 0)).toBe(false);
  });
});

describe("underpayment tolerance", () => {
  it("a shortfall within the merchant's tolerance pays the invoice and asks for nothing more", () => {
    // 1% of 12.50 is 0.125: 12.38 is short by 0.12, within it.
    expect(state({ underpaymentToleranceBps: 100, payments: [payment("12.38", 1)] })).toEqual({
      status: "paid",
      exception: null,
      amountPaid: usd("12.38"),
      amountDue: 0n,
    });
  });

  it("a shortfall beyond it is still underpaid, with the rest due", () => {
    expect(state({ underpaymentToleranceBps: 100, payments: [payment("12.37", 1)] })).toMatchObject(
      {
        status: "open",
        exception: "underpaid",
        amountDue: usd("0.13"),
      },
    );
  });

  it("no tolerance (the default) needs the full amount", () => {
    expect(state({ payments: [payment("12.49", 1)] }).status).toBe("open");
    expect(state({ underpaymentToleranceBps: 0, payments: [payment("12.50", 1)] }).status).toBe(
      "paid",
    );
  });

  it("lateness is judged on the payment that reached the tolerated amount", () => {
    const late = state({
      underpaymentToleranceBps: 500,
      payments: [payment("11.00", 1), payment("1.00", 40)],
      now: at(45),
    });
    expect(late).toMatchObject({ status: "paid", exception: "paid_late" });
  });
});

describe("amountThatPays", () => {
  it("rounds the tolerated shortfall down, never asking for less than allowed", () => {
    expect(amountThatPays(usd("12.50"), 100)).toBe(12_375n * 10n ** 15n);
    expect(amountThatPays(usd("10.00"), 500)).toBe(usd("9.50"));
    expect(amountThatPays(usd("10.00"), 0)).toBe(usd("10.00"));
    expect(amountThatPays(3n, 5000)).toBe(2n);
  });
});
