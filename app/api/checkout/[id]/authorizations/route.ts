import { limitAuthorizations } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json, publicRoute } from "@/lib/api/route";
import { findPaymentChain } from "@/lib/chains/registry";
import { signalInvoiceChanged } from "@/lib/checkout/liveUpdates";
import { parseInput } from "@/lib/errors";
import { relayAuthorization } from "@/lib/relayer/relayAuthorization";
import { postAuthorizationBody } from "@/lib/relayer/schemas";
import { followRelayTransaction } from "@/lib/relayer/tendRelayer";

/**
 * The checkout page (or any client) posts a signed EIP-3009 authorization for an invoice option;
 * the merchant's relayer verifies, simulates and broadcasts it, paying only the gas.
 */
export const POST = publicRoute<{ id: string }>(async ({ request, params, db }) => {
  limitAuthorizations(request, params.id);
  const body = parseInput(postAuthorizationBody, await readJsonBody(request));
  const { txHash, row } = await relayAuthorization(db, {
    invoiceId: params.id,
    authorization: {
      chainId: body.chain_id,
      token: body.token,
      from: body.from,
      to: body.to,
      value: body.value,
      validAfter: body.valid_after,
      validBefore: body.valid_before,
      nonce: body.nonce,
      signature: body.signature,
    },
  });
  signalInvoiceChanged(params.id);
  const chain = findPaymentChain(body.chain_id);
  if (chain) void followRelayTransaction(db, chain, row);
  return json({ status: "processing", tx_hash: txHash }, 202);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
