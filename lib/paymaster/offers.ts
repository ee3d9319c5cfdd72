import "server-only";
import { getConfig } from "../config/config";
import { paymasterProxyUrl } from "./urls";

/**
 * The paymaster service a smart-account wallet may use to pay an option without gas: the
 * checkout's proxy for this invoice and chain when the merchant set PAYMASTER_URL_<chain id>.
 * The merchant's own URL (and the key in it) never leaves the server.
 */
export function sponsoredGasUrl(invoiceId: string, chainId: number): string | null {
  const config = getConfig();
  if (config.paymasterUrls[chainId] === undefined) return null;
  return paymasterProxyUrl(config.publicUrl, invoiceId, chainId);
}
