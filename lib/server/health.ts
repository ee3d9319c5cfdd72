import "server-only";
import { getPaymentChains, publicClientFor } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import { type Database, ping } from "../db/client";

export type ChainHealth = {
  chain_id: number;
  name: string;
  head: string | null;
  error: string | null;
};

export type Health = { status: "ok" | "degraded"; database: "ok" | "error"; chains: ChainHealth[] };

/** Whether the database and every chain's RPC answer right now. */
export async function chainHealth(db: Database): Promise<Health> {
  const database = await ping(db).then(
    () => "ok" as const,
    () => "error" as const,
  );
  const chains = await Promise.all(
    getPaymentChains().map(async (chain): Promise<ChainHealth> => {
      try {
        const head = await publicClientFor(chain).getBlockNumber({ cacheTime: 0 });
        return { chain_id: chain.id, name: chain.name, head: head.toString(), error: null };
      } catch (error) {
        return { chain_id: chain.id, name: chain.name, head: null, error: describeRpcError(error) };
      }
    }),
  );
  const ok = database === "ok" && chains.every((chain) => chain.error === null);
  return { status: ok ? "ok" : "degraded", database, chains };
}
