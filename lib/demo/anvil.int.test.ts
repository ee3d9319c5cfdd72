import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, erc20Abi, http } from "viem";
import { anvil as anvilChain } from "viem/chains";
import { afterAll, describe, expect, it } from "vitest";
import { devAccount } from "../chains/devAccounts";
import { freePort } from "../tooling/testing/free-port";
import { AnvilError, startAnvil } from "./anvil";
import { DEMO_SETTLEMENT_ADDRESS } from "./seed";
import { ensureTestTokens } from "./testTokens";

const dir = mkdtempSync(join(tmpdir(), "checkout-anvil-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the local chain", () => {
  it("keeps tokens, balances and history across a restart (anvil --state)", async () => {
    const port = await freePort();
    const statePath = join(dir, "state.json");
    const first = await startAnvil({ port, statePath });
    expect(first.reused).toBe(false);
    const { tokens, deployed } = await ensureTestTokens(first.rpcUrl);
    expect(deployed).toEqual(["USDC", "USDT", "EURC"]);
    const usdc = tokens.find((token) => token.symbol === "USDC")!.address;

    const chain = { ...anvilChain, rpcUrls: { default: { http: [first.rpcUrl] } } };
    const wallet = createWalletClient({
      account: devAccount(1),
      chain,
      transport: http(first.rpcUrl),
    });
    const client = createPublicClient({ chain, transport: http(first.rpcUrl) });
    const hash = await wallet.writeContract({
      address: usdc,
      abi: erc20Abi,
      functionName: "transfer",
      args: [DEMO_SETTLEMENT_ADDRESS, 3_000_000n],
    });
    await client.waitForTransactionReceipt({ hash });
    const head = await client.getBlockNumber();
    await first.stop();

    const second = await startAnvil({ port, statePath });
    expect(second.reused).toBe(false);
    const again = createPublicClient({ chain, transport: http(second.rpcUrl) });
    expect(await again.getBlockNumber()).toBeGreaterThanOrEqual(head);
    expect(
      await again.readContract({
        address: usdc,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [DEMO_SETTLEMENT_ADDRESS],
      }),
    ).toBe(3_000_000n);
    expect((await again.getTransactionReceipt({ hash })).status).toBe("success");
    // Already deployed and funded: nothing is deployed or minted again.
    expect((await ensureTestTokens(second.rpcUrl)).deployed).toEqual([]);
    await second.stop();
  });

  it("reuses an anvil already listening on the port", async () => {
    const port = await freePort();
    const running = await startAnvil({ port });
    const reused = await startAnvil({ port });
    expect(reused.reused).toBe(true);
    expect(reused.rpcUrl).toBe(running.rpcUrl);
    await reused.stop(); // a no-op: the chain belongs to whoever started it
    expect(await createPublicClient({ transport: http(running.rpcUrl) }).getChainId()).toBe(31337);
    await running.stop();
  });

  it("refuses a port where another chain answers, naming ANVIL_PORT", async () => {
    const port = await freePort();
    const other = await startAnvil({ port, chainId: 1 });
    await expect(startAnvil({ port })).rejects.toThrow(AnvilError);
    await expect(startAnvil({ port })).rejects.toThrow(/chain id 1.*ANVIL_PORT/);
    await other.stop();
  });
});
