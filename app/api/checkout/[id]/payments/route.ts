import { clientAddressOf } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json, publicRoute } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { signalInvoiceChanged } from "@/lib/checkout/liveUpdates";
import { checkoutView } from "@/lib/checkout/view";
import { DomainError, parseInput } from "@/lib/errors";
import { rejectionMessage } from "@/lib/payments/submission/rejections";
import { submitPaymentBody } from "@/lib/payments/submission/schemas";
import { submitPayment } from "@/lib/payments/submission/submitPayment";

/** Posted hashes are capped per client address, when the server could tell it. */
function knownClientAddress(request: Request): string | null {
  const address = clientAddressOf(request);
  return address === "unknown" ? null : address;
}

/** The checkout page posts the hash its wallet returned; the receipt is verified at once. */
export const POST = publicRoute<{ id: string }>(async ({ request, params, db }) => {
  const body = parseInput(submitPaymentBody, await readJsonBody(request));
  const result = await submitPayment(db, {
    invoiceId: params.id,
    chainId: body.chain_id,
    txHash: body.tx_hash,
    clientAddress: knownClientAddress(request),
  });
  // This instance's open checkout streams of the invoices update now, not at their next poll.
  signalInvoiceChanged(params.id);
  if (result.outcome !== "pending") for (const id of result.alsoCredited) signalInvoiceChanged(id);
  if (result.outcome === "rejected") {
    throw new DomainError(result.code, rejectionMessage(result.code), "tx_hash");
  }
  const invoice = await checkoutView(db, result.invoice, getPaymentChains());
  const transfers = invoice.payments.filter((payment) => payment.tx_hash === body.tx_hash);
  const settled =
    transfers.length > 0 && transfers.every((payment) => payment.status === "confirmed");
  return json(
    { status: settled ? "credited" : "processing", invoice },
    result.outcome === "pending" ? 202 : 200,
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
