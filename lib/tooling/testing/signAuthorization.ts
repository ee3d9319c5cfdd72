import type { Address, PrivateKeyAccount } from "viem";
import type { ApiInvoice } from "../../invoices/present";
import type { PostedAuthorization } from "../../relayer/relayAuthorization";

type Option = ApiInvoice["payment_options"][number];

/**
 * Signs an option's authorization as the checkout page does: its typed data plus `from`. The
 * overrides sign something other than what the option asks for, to test that it is refused.
 */
export async function signAuthorization(
  signer: PrivateKeyAccount,
  option: Option,
  overrides: { from?: Address; to?: Address; value?: bigint } = {},
): Promise<PostedAuthorization> {
  const typed = option.authorization;
  if (!typed) throw new Error("the option is not offered gasless");
  const from = overrides.from ?? signer.address;
  const message = {
    from,
    to: overrides.to ?? typed.message.to,
    value: overrides.value ?? BigInt(typed.message.value),
    validAfter: BigInt(typed.message.validAfter),
    validBefore: BigInt(typed.message.validBefore),
    nonce: typed.message.nonce,
  };
  const signature = await signer.signTypedData({
    domain: { ...typed.domain },
    types: typed.types,
    primaryType: "TransferWithAuthorization",
    message,
  });
  return {
    chainId: option.chain_id,
    token: option.token.address,
    from,
    value: message.value,
    validAfter: message.validAfter,
    validBefore: message.validBefore,
    nonce: message.nonce,
    signature,
  };
}

/** The JSON body POST /api/checkout/{id}/authorizations takes for a signed authorization. */
export function authorizationBody(posted: PostedAuthorization) {
  return {
    chain_id: posted.chainId,
    token: posted.token,
    from: posted.from,
    ...(posted.to ? { to: posted.to } : {}),
    value: posted.value.toString(),
    valid_after: posted.validAfter.toString(),
    valid_before: posted.validBefore.toString(),
    nonce: posted.nonce,
    signature: posted.signature,
  };
}
