/** The checkout's ERC-7677 paymaster proxy for an invoice on a chain, as wallets are given it. */
export function paymasterProxyUrl(publicUrl: string, invoiceId: string, chainId: number): string {
  return `${publicUrl}/api/checkout/${invoiceId}/paymaster/${chainId}`;
}
