import { jsonRpcPreflight, jsonRpcRoute } from "@/lib/api/jsonRpcRoute";
import { limitPaymasterRequests, takeSponsorshipBudget } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { notFound, parseInput } from "@/lib/errors";
import { paymasterRequestSchema, sponsorUserOperation } from "@/lib/paymaster/sponsorship";

/**
 * The merchant's ERC-7677 paymaster service, as the checkout gives it to a smart-account wallet
 * (the `paymasterService` capability): it sponsors a user operation only when its one call is this
 * invoice's payment on this chain, and forwards it to PAYMASTER_URL_<chain id>.
 */
export const POST = jsonRpcRoute<{ id: string; chainId: string }>(
  async ({ request, params, db, setId }) => {
    limitPaymasterRequests(request);
    if (!/^[1-9]\d{0,15}$/.test(params.chainId)) throw notFound("chain", "chain_id");
    const raw = await readJsonBody(request);
    const rawId = (raw as { id?: unknown } | null)?.id;
    if (typeof rawId === "number" || (typeof rawId === "string" && rawId.length <= 100))
      setId(rawId);
    const body = parseInput(paymasterRequestSchema, raw);
    return (await sponsorUserOperation(db, {
      invoiceId: params.id,
      chainId: Number(params.chainId),
      request: body,
      spendBudget: (method) => takeSponsorshipBudget(params.id, method),
    })) as { result: unknown } | { error: { code: number; message: string } };
  },
);

export const OPTIONS = async () => jsonRpcPreflight();

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
