import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { type Address, type Hex, keccak256, type LocalAccount, type PublicClient } from "viem";
import type { PaymentChain } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import type { Database, Executor } from "../db/client";
import { relayerLanes, relayerTransactions } from "../db/schema";
import { newId } from "../ids";
import type { RelayerFees } from "./relayerState";

export type RelayerTransactionRow = typeof relayerTransactions.$inferSelect;

/** The call a relayer transaction makes. */
export type RelayCall = { to: Address; data: Hex; gas: bigint };

/** Who asked for a relayed authorization. */
export type RelaySource = "checkout" | "x402" | "facilitator";

/** What a relayed transaction is for (the books: gas spent per merchant, the invoice it pays). */
export type RelayPurpose =
  | {
      kind: "authorization";
      merchantId: string;
      invoiceId: string | null;
      token: Address;
      authorizer: Address;
      authorizationNonce: Hex;
      source: RelaySource;
    }
  | { kind: "filler" };

/** Signs a transaction of the relayer's with a nonce and fees. */
export async function signRelayTransaction(
  account: LocalAccount,
  chain: Pick<PaymentChain, "id">,
  call: RelayCall,
  nonce: bigint,
  fees: RelayerFees,
): Promise<{ raw: Hex; hash: Hex }> {
  if (!account.signTransaction) throw new Error("The relayer's account cannot sign transactions.");
  const raw = await account.signTransaction({
    type: "eip1559",
    chainId: chain.id,
    to: call.to,
    data: call.data,
    value: 0n,
    gas: call.gas,
    nonce: Number(nonce),
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  });
  return { raw, hash: keccak256(raw) };
}

/**
 * Takes the lane's next nonce and records the signed transaction, in one database transaction
 * under the lane's row lock: however many instances relay at once, each nonce is taken once and
 * none is skipped. The row (with the signed bytes) exists before anything is broadcast, so a
 * crash after this loses nothing: the relayer job broadcasts it or finds it mined.
 *
 * `chainNonce` is the account's pending nonce on the chain, read before: the lane never goes
 * below it (the key used elsewhere, or a fresh database against a used key).
 */
export async function recordRelayTransaction(
  db: Database,
  parameters: {
    chain: Pick<PaymentChain, "id">;
    account: LocalAccount;
    call: RelayCall;
    fees: RelayerFees;
    purpose: RelayPurpose;
    chainNonce: bigint;
    now?: Date;
  },
): Promise<RelayerTransactionRow> {
  const { chain, account, call, fees, purpose } = parameters;
  const now = parameters.now ?? new Date();
  const address = account.address.toLowerCase();
  return db.transaction(async (tx) => {
    const nonce = await takeNonce(tx, chain.id, address, parameters.chainNonce, now);
    const signed = await signRelayTransaction(account, chain, call, nonce, fees);
    const [row] = await tx
      .insert(relayerTransactions)
      .values({
        id: newId("rtx", now.getTime()),
        chainId: chain.id,
        relayerAddress: address,
        nonce,
        kind: purpose.kind,
        ...(purpose.kind === "authorization"
          ? {
              merchantId: purpose.merchantId,
              invoiceId: purpose.invoiceId,
              tokenAddress: purpose.token.toLowerCase(),
              authorizer: purpose.authorizer.toLowerCase(),
              authorizationNonce: purpose.authorizationNonce.toLowerCase(),
              nonceReference: purpose.authorizationNonce.slice(0, 34).toLowerCase(),
              source: purpose.source,
            }
          : {}),
        toAddress: call.to.toLowerCase(),
        data: call.data,
        gasLimit: call.gas,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        txHash: signed.hash,
        rawTransaction: signed.raw,
        txHashes: [signed.hash],
        status: "pending",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!;
  });
}

/** The lane's next nonce, locked for this transaction and moved on by one. */
async function takeNonce(
  tx: Executor,
  chainId: number,
  address: string,
  chainNonce: bigint,
  now: Date,
): Promise<bigint> {
  await tx
    .insert(relayerLanes)
    .values({ chainId, address, nextNonce: chainNonce, updatedAt: now })
    .onConflictDoNothing();
  const [lane] = await tx
    .select()
    .from(relayerLanes)
    .where(and(eq(relayerLanes.chainId, chainId), eq(relayerLanes.address, address)))
    .for("update");
  const nonce = lane!.nextNonce > chainNonce ? lane!.nextNonce : chainNonce;
  await tx
    .update(relayerLanes)
    .set({ nextNonce: sql`${nonce + 1n}`, updatedAt: now })
    .where(and(eq(relayerLanes.chainId, chainId), eq(relayerLanes.address, address)));
  return nonce;
}

/**
 * Sends a recorded transaction's signed bytes. The node saying it already has it (or that the
 * nonce is used, i.e. it was mined) is not a failure: the relayer job reads the outcome.
 */
export async function broadcastRelayTransaction(
  db: Database,
  client: PublicClient,
  row: Pick<RelayerTransactionRow, "id" | "rawTransaction">,
  now = new Date(),
): Promise<{ sent: boolean; error: string | null }> {
  let error: string | null = null;
  try {
    await client.request({ method: "eth_sendRawTransaction", params: [row.rawTransaction as Hex] });
  } catch (caught) {
    // Matched on the whole message; kept as viem's short one (the full one names the RPC URL,
    // which may carry a provider key).
    const message = caught instanceof Error ? caught.message : String(caught);
    if (!/already known|known transaction|nonce too low|already imported/i.test(message)) {
      error = describeRpcError(caught);
    }
  }
  await db
    .update(relayerTransactions)
    .set({ broadcastAt: now, updatedAt: now })
    .where(eq(relayerTransactions.id, row.id));
  return { sent: error === null, error };
}
