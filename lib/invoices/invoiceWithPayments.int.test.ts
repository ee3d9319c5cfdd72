import { describe, expect, it } from "vitest";
import { devAccount } from "../chains/devAccounts";
import { addMember } from "../dashboard/sessions";
import { getDb } from "../db/client";
import { invoiceRefunds } from "../refunds/queries";
import { recordRefund } from "../refunds/refunds";
import { createMerchant, emptyAccount, send } from "../tooling/testing/fixtures";
import { fund, newInvoice, plainTransfer, submitHash } from "../tooling/testing/payments";
import { findMerchantInvoiceWithPayments } from "./invoiceWithPayments";
import { transferCalldata } from "./paymentOptions";
import { findMerchantInvoice, invoicePayments } from "./queries";

describe("findMerchantInvoiceWithPayments", () => {
  it("reads exactly what the separate queries read (payments and refunds), 18-decimal amounts included", async () => {
    const { apiKey, merchant } = await createMerchant();
    const invoice = await newInvoice(apiKey, { amount: "10.00", currency: "USD" });
    const option = invoice.payment_options[0]!;
    for (const amount of [3_000_001n, 7_250_000n]) {
      const hash = await send(1, {
        to: option.token.address,
        data: transferCalldata(option.recipient, amount, option.reference),
      });
      const answer = await submitHash(invoice.id, hash);
      expect(answer).toMatchObject({ outcome: "credited" });
    }
    const db = await getDb();
    // A refund from a member wallet, so the refunds subquery is read too.
    const refunder = await emptyAccount();
    await addMember(db, { merchantId: merchant.id, address: refunder.address, role: "member" });
    await fund(refunder.address, option.token.address, 1_500_000n);
    const payer = devAccount(1).address;
    const refundHash = await plainTransfer(refunder, option.token.address, payer, 1_500_000n);
    const [payment] = await invoicePayments(db, invoice.id);
    await recordRefund(db, {
      merchant,
      livemode: false,
      invoiceId: invoice.id,
      paymentId: payment!.id,
      chainId: 31337,
      txHash: refundHash,
      to: payer,
      amount: "1.5",
    });
    const combined = await findMerchantInvoiceWithPayments(db, merchant.id, false, invoice.id);
    const separate = {
      invoice: await findMerchantInvoice(db, merchant.id, false, invoice.id),
      payments: await invoicePayments(db, invoice.id),
      refunds: await invoiceRefunds(db, invoice.id),
    };
    expect(combined.payments).toHaveLength(2);
    expect(combined.refunds).toHaveLength(1);
    expect(combined.invoice.amountRefunded).toBe(1_500_000_000_000_000_000n);
    expect(combined).toEqual(separate);
    expect(combined.invoice.amountPaid).toBe(10_250_001_000_000_000_000n);
  });

  it("is a 404 for another merchant or the other mode", async () => {
    const { apiKey, merchant } = await createMerchant();
    const other = await createMerchant();
    const invoice = await newInvoice(apiKey, { amount: "1.00", currency: "USD" });
    const db = await getDb();
    await expect(
      findMerchantInvoiceWithPayments(db, other.merchant.id, false, invoice.id),
    ).rejects.toMatchObject({
      code: "resource_not_found",
    });
    await expect(
      findMerchantInvoiceWithPayments(db, merchant.id, true, invoice.id),
    ).rejects.toMatchObject({
      code: "resource_not_found",
    });
  });
});
