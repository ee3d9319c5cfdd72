import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  domainSeparator,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
  parseEventLogs,
  parseSignature,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { anvil as anvilChain } from "viem/chains";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { devAccount } from "../chains/devAccounts";
import { TRANSFER_WITH_AUTHORIZATION_TYPES, transferWithAuthorizationAbi } from "../chains/eip3009";
import { deployErc1271Wallet, erc1271WalletAbi } from "../tooling/testing/contracts";
import { freePort } from "../tooling/testing/free-port";
import { type AnvilInstance, startAnvil } from "./anvil";
import {
  CREATE2_FACTORY,
  ensureTestTokens,
  FIAT_TOKEN_INITIALIZED_VERSION_SLOT,
  fiatTokenAbi,
  GASLESS_DEMO_ACCOUNT_INDEX,
  localTestTokens,
  TEST_TOKEN_OWNER,
  TEST_TOKENS,
  type TestToken,
  testTokenAddress,
  tetherLikeAbi,
} from "./testTokens";

const USDC = TEST_TOKENS[0];
const USDT = TEST_TOKENS[1];
const EURC = TEST_TOKENS[2];
const MINTED = 10_000n * 10n ** 6n; // 10,000.000000
const ONE = 10n ** 6n; // 1.000000: tests on the shared chain move small amounts only
const FUNDED = [1, 2, 3, 4, 5, 6, 7, 8, GASLESS_DEMO_ACCOUNT_INDEX];
const UNFUNDED = devAccount(9).address; // 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720

/** Where the token contracts of the version before Circle's (TestStablecoin) were: USDC, USDT, EURC. */
const OLD_TOKEN_ADDRESSES: Address[] = [
  "0x4B5fFc233fe55C18F0364995961840f8383e2b22",
  "0x48b07c5E4993641d7E0b04e026c8c4e91513cbA7",
  "0x843E43107f1E2eB6546C930342cc5BdC7e5Ae760",
];

/** keccak256("org.zeppelinos.proxy.admin"): where Circle's proxy keeps its admin. */
const PROXY_ADMIN_SLOT = "0x10d6a54a4754c8869d6886b5f5d7fbfa5b4522237ea5c60d11bc4e7a1ff9390b";

function clientsFor(rpcUrl: string) {
  const chain = { ...anvilChain, rpcUrls: { default: { http: [rpcUrl] } } };
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 });
  const wallet = (index: number) =>
    createWalletClient({ account: devAccount(index), chain, transport, pollingInterval: 100 });
  return { publicClient, wallet };
}

function balanceOf(publicClient: PublicClient, token: Address, owner: Address): Promise<bigint> {
  return publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [owner],
  });
}

function balancesOf(publicClient: PublicClient, token: TestToken, indexes: number[]) {
  const address = testTokenAddress(token);
  return Promise.all(indexes.map((i) => balanceOf(publicClient, address, devAccount(i).address)));
}

async function expectFundedOnce(publicClient: PublicClient) {
  for (const token of TEST_TOKENS) {
    const address = testTokenAddress(token);
    expect(await balancesOf(publicClient, token, FUNDED)).toEqual(FUNDED.map(() => MINTED));
    expect(await balanceOf(publicClient, address, UNFUNDED)).toBe(0n);
    expect(
      await publicClient.readContract({ address, abi: erc20Abi, functionName: "totalSupply" }),
    ).toBe(MINTED * BigInt(FUNDED.length));
  }
}

/**
 * A JSON-RPC relay to `target` that refuses every transaction after the first `allowed`: the
 * caller sees its deployment stop where a crash would have stopped it.
 */
async function startCutOffRpc(target: string, allowed: number) {
  let sent = 0;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const call = JSON.parse(body) as { id: unknown; method: string };
    response.setHeader("content-type", "application/json");
    if (call.method === "eth_sendRawTransaction" && sent++ >= allowed) {
      const error = { code: -32003, message: "cut off: the deploying process stopped here" };
      response.end(JSON.stringify({ jsonrpc: "2.0", id: call.id, error }));
      return;
    }
    const answer = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("test token addresses", () => {
  it("are fixed, distinct, new, and owned by dev account 0", () => {
    expect(devAccount(0).address).toBe(TEST_TOKEN_OWNER);
    expect(devAccount(9).address).toBe("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");
    const addresses = TEST_TOKENS.map((token) => testTokenAddress(token));
    expect(new Set(addresses).size).toBe(3);
    expect(testTokenAddress(USDC)).toBe(testTokenAddress(USDC));
    for (const old of OLD_TOKEN_ADDRESSES) expect(addresses).not.toContain(old);
    // Printed so a changed address (after a contract change) is easy to spot in the log.
    console.log(TEST_TOKENS.map((t) => `${t.symbol} ${testTokenAddress(t)}`).join("\n"));
  });

  it("tell the registry which tokens take EIP-3009 authorizations", () => {
    expect(localTestTokens().map((token) => [token.symbol, token.name, token.eip3009])).toEqual([
      ["USDC", "USD Coin", true],
      ["USDT", "Tether USD", false],
      ["EURC", "EURC", true],
    ]);
  });
});

// Exact balances need a chain nobody else touched: a fresh anvil, not the shared one.
describe("ensureTestTokens on a fresh anvil", () => {
  let anvil: AnvilInstance;
  beforeAll(async () => {
    anvil = await startAnvil({ port: await freePort() });
  });
  afterAll(() => anvil?.stop());

  it("deploys Circle's USDC and EURC and the Tether-like USDT, and funds the dev accounts", async () => {
    const { publicClient } = clientsFor(anvil.rpcUrl);
    const result = await ensureTestTokens(anvil.rpcUrl);

    expect(result.deployed).toEqual(["USDC", "USDT", "EURC"]);
    expect(result.tokens).toEqual([
      { symbol: "USDC", address: testTokenAddress(USDC), decimals: 6 },
      { symbol: "USDT", address: testTokenAddress(USDT), decimals: 6 },
      { symbol: "EURC", address: testTokenAddress(EURC), decimals: 6 },
    ]);
    for (const token of TEST_TOKENS) {
      const address = testTokenAddress(token);
      const read = (functionName: "decimals" | "symbol" | "name") =>
        publicClient.readContract({ address, abi: erc20Abi, functionName });
      expect(await read("decimals")).toBe(6);
      expect(await read("symbol")).toBe(token.symbol);
      expect(await read("name")).toBe(token.name);
    }
    await expectFundedOnce(publicClient);
    // The gasless demo shopper holds tokens and no ETH at all.
    expect(
      await publicClient.getBalance({ address: devAccount(GASLESS_DEMO_ACCOUNT_INDEX).address }),
    ).toBe(0n);
  });

  it("sets Circle's tokens up as Circle does, with dev account 0 in every role", async () => {
    const { publicClient } = clientsFor(anvil.rpcUrl);
    for (const token of [USDC, EURC]) {
      const address = testTokenAddress(token);
      const read = (
        functionName: "version" | "currency" | "owner" | "masterMinter" | "pauser" | "blacklister",
      ) => publicClient.readContract({ address, abi: fiatTokenAbi, functionName });
      expect(await read("version")).toBe("2");
      expect(await read("currency")).toBe(token.currency);
      for (const role of ["owner", "masterMinter", "pauser", "blacklister"] as const) {
        expect(await read(role)).toBe(TEST_TOKEN_OWNER);
      }
      expect(
        await publicClient.readContract({
          address,
          abi: fiatTokenAbi,
          functionName: "isMinter",
          args: [TEST_TOKEN_OWNER],
        }),
      ).toBe(true);
      // All four initializers ran (initializeV2_2 sets the version to 3), the slot read is right.
      const version = await publicClient.getStorageAt({
        address,
        slot: FIAT_TOKEN_INITIALIZED_VERSION_SLOT,
      });
      expect(BigInt(version!)).toBe(3n);
      // The proxy's admin is the factory, which never calls it: nobody can upgrade the token.
      const admin = await publicClient.getStorageAt({ address, slot: PROXY_ADMIN_SLOT });
      expect(BigInt(admin!)).toBe(BigInt(CREATE2_FACTORY));
    }
    const owner = await publicClient.readContract({
      address: testTokenAddress(USDT),
      abi: tetherLikeAbi,
      functionName: "owner",
    });
    expect(owner).toBe(TEST_TOKEN_OWNER);
  });

  it("deploys and mints nothing the second time", async () => {
    const { publicClient } = clientsFor(anvil.rpcUrl);
    const blockBefore = await publicClient.getBlockNumber();
    const result = await ensureTestTokens(anvil.rpcUrl);

    expect(result.deployed).toEqual([]);
    expect(await publicClient.getBlockNumber()).toBe(blockBefore); // automine: no tx, no block
    await expectFundedOnce(publicClient);
  });
});

describe("ensureTestTokens on an anvil with --block-time", () => {
  let anvil: AnvilInstance;
  beforeAll(async () => {
    anvil = await startAnvil({ port: await freePort(), blockTime: 1 });
  });
  afterAll(() => anvil?.stop());

  it("waits for blocks instead of assuming automine", async () => {
    const { publicClient } = clientsFor(anvil.rpcUrl);
    expect((await ensureTestTokens(anvil.rpcUrl)).deployed).toEqual(["USDC", "USDT", "EURC"]);
    await expectFundedOnce(publicClient);
    expect((await ensureTestTokens(anvil.rpcUrl)).deployed).toEqual([]);
  });
});

// A run stopped part-way (a crash, a killed process) leaves contracts deployed but not set up.
describe("ensureTestTokens after a run that stopped part-way", () => {
  // Transactions in order: SignatureChecker, FiatTokenV2_2, USDT, the USDC and EURC proxies,
  // then USDC's initialize, initializeV2, initializeV2_1, ...
  it.each([
    [1, "the library only"],
    [5, "every contract, nothing initialized"],
    [7, "USDC half initialized (initialize and initializeV2)"],
  ])("finishes the set-up after %i transactions (%s)", async (allowed) => {
    const anvil = await startAnvil({ port: await freePort() });
    try {
      const cutOff = await startCutOffRpc(anvil.rpcUrl, allowed);
      await expect(ensureTestTokens(cutOff.url)).rejects.toThrow();
      await cutOff.stop();
      const { publicClient } = clientsFor(anvil.rpcUrl);
      expect(await publicClient.getTransactionCount({ address: TEST_TOKEN_OWNER })).toBe(allowed);

      expect((await ensureTestTokens(anvil.rpcUrl)).deployed).toEqual(["USDC", "USDT", "EURC"]);
      await expectFundedOnce(publicClient);
      expect(
        await publicClient.readContract({
          address: testTokenAddress(USDC),
          abi: fiatTokenAbi,
          functionName: "masterMinter",
        }),
      ).toBe(TEST_TOKEN_OWNER);
      expect((await ensureTestTokens(anvil.rpcUrl)).deployed).toEqual([]);
    } finally {
      await anvil.stop();
    }
  });
});

// A `.data/` from the version before keeps its chain (anvil --state): the old tokens stay where
// they are, other contracts exist, dev account 0 has sent transactions; the new tokens still come.
describe("ensureTestTokens on a chain an earlier version used", () => {
  it("deploys the new tokens beside what is there, once", async () => {
    const anvil = await startAnvil({ port: await freePort() });
    try {
      const { publicClient, wallet } = clientsFor(anvil.rpcUrl);
      const earlier = await deployErc1271Wallet(wallet(0), publicClient, devAccount(1).address);
      const earlierCode = await publicClient.getCode({ address: earlier });
      const testClient = createTestClient({
        chain: anvilChain,
        mode: "anvil",
        transport: http(anvil.rpcUrl),
      });
      for (const old of OLD_TOKEN_ADDRESSES) {
        await testClient.setCode({ address: old, bytecode: earlierCode! });
      }

      expect((await ensureTestTokens(anvil.rpcUrl)).deployed).toEqual(["USDC", "USDT", "EURC"]);
      await expectFundedOnce(publicClient);
      for (const old of OLD_TOKEN_ADDRESSES) {
        expect(await publicClient.getCode({ address: old })).toBe(earlierCode);
      }

      const blockBefore = await publicClient.getBlockNumber();
      expect((await ensureTestTokens(anvil.rpcUrl)).deployed).toEqual([]);
      expect(await publicClient.getBlockNumber()).toBe(blockBefore);
      await expectFundedOnce(publicClient);
    } finally {
      await anvil.stop();
    }
  });
});

// Token behaviour on the run's shared anvil; other files may have deployed the tokens first.
describe("Circle's USDC on the shared anvil", () => {
  const rpcUrl = inject("anvilRpcUrl");
  const { publicClient, wallet } = clientsFor(rpcUrl);
  const token = testTokenAddress(USDC);
  const [holder, spender, relayer, payee] = [
    devAccount(1),
    devAccount(2),
    devAccount(3),
    devAccount(4),
  ];

  const domain = { name: "USD Coin", version: "2", chainId: 31337, verifyingContract: token };

  beforeAll(async () => {
    await ensureTestTokens(rpcUrl);
  });

  async function send(hash: Promise<Hex>) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    expect(receipt.status).toBe("success");
    return receipt;
  }

  async function latestTimestamp(): Promise<bigint> {
    return (await publicClient.getBlock()).timestamp;
  }

  it("signs under the EIP-712 domain of USDC on Ethereum: name USD Coin, version 2", async () => {
    const read = (functionName: "name" | "version" | "DOMAIN_SEPARATOR") =>
      publicClient.readContract({
        address: token,
        abi: transferWithAuthorizationAbi,
        functionName,
      });
    expect(await read("name")).toBe("USD Coin");
    expect(await read("version")).toBe("2");
    expect(await read("DOMAIN_SEPARATOR")).toBe(domainSeparator({ domain }));
    // The values FiatToken v2.2 exposes on mainnet.
    const typeHash = (
      functionName: "TRANSFER_WITH_AUTHORIZATION_TYPEHASH" | "RECEIVE_WITH_AUTHORIZATION_TYPEHASH",
    ) => publicClient.readContract({ address: token, abi: fiatTokenAbi, functionName });
    expect(await typeHash("TRANSFER_WITH_AUTHORIZATION_TYPEHASH")).toBe(
      "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267",
    );
    expect(await typeHash("RECEIVE_WITH_AUTHORIZATION_TYPEHASH")).toBe(
      "0xd099cc98ef71107a616c4f0f941f04c322d8e254fe26b3c6668db87aae413de8",
    );
  });

  it("signs EURC under its mainnet name, EURC", async () => {
    const eurc = testTokenAddress(EURC);
    const eurcDomain = { name: "EURC", version: "2", chainId: 31337, verifyingContract: eurc };
    expect(
      await publicClient.readContract({
        address: eurc,
        abi: transferWithAuthorizationAbi,
        functionName: "DOMAIN_SEPARATOR",
      }),
    ).toBe(domainSeparator({ domain: eurcDomain }));
  });

  it("only lets its minter mint", async () => {
    await expect(
      publicClient.simulateContract({
        account: holder,
        address: token,
        abi: fiatTokenAbi,
        functionName: "mint",
        args: [holder.address, ONE],
      }),
    ).rejects.toThrow(/FiatToken: caller is not a minter/);
  });

  it("accepts a transfer with 16 bytes appended to its calldata", async () => {
    const transfer = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [payee.address, ONE],
    });
    const suffix = toHex(crypto.getRandomValues(new Uint8Array(16)));
    const before = await balancesOf(publicClient, USDC, [1, 4]);

    const plain = await send(wallet(1).sendTransaction({ to: token, data: transfer }));
    const suffixed = await send(
      wallet(1).sendTransaction({ to: token, data: `${transfer}${suffix.slice(2)}` }),
    );

    expect(await balancesOf(publicClient, USDC, [1, 4])).toEqual([
      before[0]! - 2n * ONE,
      before[1]! + 2n * ONE,
    ]);
    // 16 extra calldata bytes cost at most 16 gas each; execution is otherwise identical.
    const extra = suffixed.gasUsed - plain.gasUsed;
    console.log(`USDC transfer gas ${plain.gasUsed}, with 16-byte suffix ${suffixed.gasUsed}`);
    expect(extra).toBeGreaterThan(0n);
    expect(extra).toBeLessThanOrEqual(16n * 16n);
  });

  it("lets another account submit the holder's EIP-2612 permit, then transferFrom works", async () => {
    const nonce = await publicClient.readContract({
      address: token,
      abi: fiatTokenAbi,
      functionName: "nonces",
      args: [holder.address],
    });
    const deadline = (await latestTimestamp()) + 3600n;
    const message = {
      owner: holder.address,
      spender: spender.address,
      value: ONE,
      nonce,
      deadline,
    };
    const permitTypes = {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    } as const;
    const sign = (signer: typeof holder) =>
      signer.signTypedData({ domain, types: permitTypes, primaryType: "Permit", message });
    const permitArgs = (signature: Hex) => {
      const { v, r, s } = parseSignature(signature);
      return [holder.address, spender.address, ONE, deadline, Number(v), r, s] as const;
    };

    await expect(
      publicClient.simulateContract({
        account: relayer,
        address: token,
        abi: fiatTokenAbi,
        functionName: "permit",
        args: permitArgs(await sign(relayer)),
      }),
    ).rejects.toThrow(/EIP2612: invalid signature/);

    const before = await balancesOf(publicClient, USDC, [1, 4]);
    await send(
      wallet(3).writeContract({
        address: token,
        abi: fiatTokenAbi,
        functionName: "permit",
        args: permitArgs(await sign(holder)),
      }),
    );
    expect(
      await publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "allowance",
        args: [holder.address, spender.address],
      }),
    ).toBe(ONE);
    await send(
      wallet(2).writeContract({
        address: token,
        abi: erc20Abi,
        functionName: "transferFrom",
        args: [holder.address, payee.address, ONE],
      }),
    );
    expect(await balancesOf(publicClient, USDC, [1, 4])).toEqual([
      before[0]! - ONE,
      before[1]! + ONE,
    ]);
  });

  describe("EIP-3009 authorizations", () => {
    const randomNonce = () => toHex(crypto.getRandomValues(new Uint8Array(32)));

    async function authorize(
      parameters: {
        primaryType?: "TransferWithAuthorization" | "ReceiveWithAuthorization";
        from?: Address;
        to?: Address;
        signer?: typeof holder;
        validAfter?: bigint;
        validBefore?: bigint;
      } = {},
    ) {
      const primaryType = parameters.primaryType ?? "TransferWithAuthorization";
      const message = {
        from: parameters.from ?? holder.address,
        to: parameters.to ?? payee.address,
        value: ONE,
        validAfter: parameters.validAfter ?? 0n,
        validBefore: parameters.validBefore ?? (await latestTimestamp()) + 3600n,
        nonce: randomNonce(),
      };
      const fields = TRANSFER_WITH_AUTHORIZATION_TYPES.TransferWithAuthorization;
      const signature = await (parameters.signer ?? holder).signTypedData({
        domain,
        types: { [primaryType]: fields },
        primaryType,
        message,
      } as Parameters<typeof holder.signTypedData>[0]);
      const { v, r, s } = parseSignature(signature);
      const args = [
        message.from,
        message.to,
        message.value,
        message.validAfter,
        message.validBefore,
        message.nonce,
      ] as const;
      return { message, signature, args, vrs: [Number(v), r, s] as const };
    }

    const used = (authorizer: Address, nonce: Hex) =>
      publicClient.readContract({
        address: token,
        abi: transferWithAuthorizationAbi,
        functionName: "authorizationState",
        args: [authorizer, nonce],
      });

    type Authorized = Awaited<ReturnType<typeof authorize>>;
    /** What a relayer's transferWithAuthorization would do, in the (v, r, s) or the bytes form. */
    const relay = (
      args:
        | readonly [...Authorized["args"], ...Authorized["vrs"]]
        | readonly [...Authorized["args"], Hex],
    ) =>
      publicClient.simulateContract({
        account: relayer,
        address: token,
        abi: transferWithAuthorizationAbi,
        functionName: "transferWithAuthorization",
        args,
      });

    it("moves funds when a relayer submits the holder's authorization, once", async () => {
      const auth = await authorize();
      const before = await balancesOf(publicClient, USDC, [1, 3, 4]);
      expect(await used(holder.address, auth.message.nonce)).toBe(false);

      const receipt = await send(
        wallet(3).writeContract({
          address: token,
          abi: transferWithAuthorizationAbi,
          functionName: "transferWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      );

      expect(await balancesOf(publicClient, USDC, [1, 3, 4])).toEqual([
        before[0]! - ONE,
        before[1]!, // the relayer pays gas, not tokens
        before[2]! + ONE,
      ]);
      expect(await used(holder.address, auth.message.nonce)).toBe(true);
      const [event] = parseEventLogs({
        abi: transferWithAuthorizationAbi,
        eventName: "AuthorizationUsed",
        logs: receipt.logs,
      });
      expect(event?.args).toEqual({ authorizer: holder.address, nonce: auth.message.nonce });

      // The same signed authorization cannot be used twice, in either form.
      await expect(relay([...auth.args, ...auth.vrs])).rejects.toThrow(
        /FiatTokenV2: authorization is used or canceled/,
      );
      await expect(relay([...auth.args, auth.signature])).rejects.toThrow(
        /FiatTokenV2: authorization is used or canceled/,
      );
    });

    it("costs a relayer this much more gas than the holder's own transfer", async () => {
      // Both to a payee that already holds USDC, from a holder with a balance left.
      const transfer = await send(
        wallet(1).writeContract({
          address: token,
          abi: erc20Abi,
          functionName: "transfer",
          args: [payee.address, ONE],
        }),
      );
      const auth = await authorize();
      const relayed = await send(
        wallet(3).writeContract({
          address: token,
          abi: transferWithAuthorizationAbi,
          functionName: "transferWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      );
      const bytesAuth = await authorize();
      const relayedBytes = await send(
        wallet(3).writeContract({
          address: token,
          abi: transferWithAuthorizationAbi,
          functionName: "transferWithAuthorization",
          args: [...bytesAuth.args, bytesAuth.signature],
        }),
      );
      // To an address that never held USDC: its balance slot goes from zero to non-zero.
      const fresh = await authorize({ to: privateKeyToAddress(generatePrivateKey()) });
      const toFreshPayee = await send(
        wallet(3).writeContract({
          address: token,
          abi: transferWithAuthorizationAbi,
          functionName: "transferWithAuthorization",
          args: [...fresh.args, ...fresh.vrs],
        }),
      );
      console.log(
        `USDC gas to a payee holding USDC: transfer ${transfer.gasUsed}, transferWithAuthorization (v, r, s) ${relayed.gasUsed}, (bytes signature) ${relayedBytes.gasUsed}`,
      );
      // Each authorization stores its new nonce (a zero-to-non-zero write) and recovers a signature.
      expect(relayed.gasUsed).toBeGreaterThan(transfer.gasUsed + 20_000n);
      expect(relayed.gasUsed).toBeLessThan(100_000n);
      expect(relayedBytes.gasUsed).toBeLessThan(100_000n);
      console.log(`USDC gas to an empty payee: transferWithAuthorization ${toFreshPayee.gasUsed}`);
    });

    it("rejects an expired or not yet valid authorization", async () => {
      const now = await latestTimestamp();
      const expired = await authorize({ validBefore: now - 1n });
      await expect(relay([...expired.args, ...expired.vrs])).rejects.toThrow(
        /FiatTokenV2: authorization is expired/,
      );

      const early = await authorize({ validAfter: now + 3600n });
      await expect(relay([...early.args, ...early.vrs])).rejects.toThrow(
        /FiatTokenV2: authorization is not yet valid/,
      );
    });

    it("rejects an authorization whose signed values were changed", async () => {
      const auth = await authorize();
      const [from, , value, validAfter, validBefore, nonce] = auth.args;
      await expect(
        relay([from, relayer.address, value, validAfter, validBefore, nonce, ...auth.vrs]),
      ).rejects.toThrow(/FiatTokenV2: invalid signature/);
    });

    it("refuses a nonce after the holder canceled it", async () => {
      const auth = await authorize();
      const cancelSignature = await holder.signTypedData({
        domain,
        types: {
          CancelAuthorization: [
            { name: "authorizer", type: "address" },
            { name: "nonce", type: "bytes32" },
          ],
        },
        primaryType: "CancelAuthorization",
        message: { authorizer: holder.address, nonce: auth.message.nonce },
      });
      await send(
        wallet(3).writeContract({
          address: token,
          abi: fiatTokenAbi,
          functionName: "cancelAuthorization",
          args: [holder.address, auth.message.nonce, cancelSignature],
        }),
      );
      expect(await used(holder.address, auth.message.nonce)).toBe(true);
      await expect(relay([...auth.args, ...auth.vrs])).rejects.toThrow(
        /FiatTokenV2: authorization is used or canceled/,
      );
    });

    it("lets only the payee submit receiveWithAuthorization, and keeps the two kinds apart", async () => {
      const auth = await authorize({ primaryType: "ReceiveWithAuthorization" });
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: fiatTokenAbi,
          functionName: "receiveWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      ).rejects.toThrow(/FiatTokenV2: caller must be the payee/);
      await expect(relay([...auth.args, ...auth.vrs])).rejects.toThrow(
        /FiatTokenV2: invalid signature/,
      );

      const before = await balanceOf(publicClient, token, payee.address);
      await send(
        wallet(4).writeContract({
          address: token,
          abi: fiatTokenAbi,
          functionName: "receiveWithAuthorization",
          args: [...auth.args, auth.signature],
        }),
      );
      expect(await balanceOf(publicClient, token, payee.address)).toBe(before + ONE);
    });

    describe("from an ERC-1271 smart-contract wallet", () => {
      const owner = devAccount(6);
      let walletAddress: Address;

      beforeAll(async () => {
        walletAddress = await deployErc1271Wallet(wallet(6), publicClient, owner.address);
        await send(
          wallet(6).writeContract({
            address: token,
            abi: erc20Abi,
            functionName: "transfer",
            args: [walletAddress, 3n * ONE],
          }),
        );
      });

      it("vouches for its owner's signatures only", async () => {
        const hash = toHex(crypto.getRandomValues(new Uint8Array(32)));
        const isValid = async (signer: typeof owner) =>
          publicClient.readContract({
            address: walletAddress,
            abi: erc1271WalletAbi,
            functionName: "isValidSignature",
            args: [hash, await signer.sign({ hash })],
          });
        expect(await isValid(owner)).toBe("0x1626ba7e");
        expect(await isValid(holder)).toBe("0xffffffff");
      });

      it("pays with a transferWithAuthorization its owner signed (bytes signature)", async () => {
        const auth = await authorize({ from: walletAddress, signer: owner });
        const before = await Promise.all([
          balanceOf(publicClient, token, walletAddress),
          balanceOf(publicClient, token, payee.address),
        ]);

        const receipt = await send(
          wallet(3).writeContract({
            address: token,
            abi: transferWithAuthorizationAbi,
            functionName: "transferWithAuthorization",
            args: [...auth.args, auth.signature],
          }),
        );
        console.log(
          `USDC gas: transferWithAuthorization from an ERC-1271 wallet ${receipt.gasUsed}`,
        );

        expect(
          await Promise.all([
            balanceOf(publicClient, token, walletAddress),
            balanceOf(publicClient, token, payee.address),
          ]),
        ).toEqual([before[0] - ONE, before[1] + ONE]);
        expect(await used(walletAddress, auth.message.nonce)).toBe(true);
      });

      it("refuses an authorization for the wallet signed by another key", async () => {
        const auth = await authorize({ from: walletAddress, signer: holder });
        await expect(relay([...auth.args, auth.signature])).rejects.toThrow(
          /FiatTokenV2: invalid signature/,
        );
      });

      it("runs calls its owner sends, and no one else's", async () => {
        const transfer = encodeFunctionData({
          abi: erc20Abi,
          functionName: "transfer",
          args: [payee.address, ONE],
        });
        const before = await balanceOf(publicClient, token, walletAddress);
        await send(
          wallet(6).writeContract({
            address: walletAddress,
            abi: erc1271WalletAbi,
            functionName: "execute",
            args: [token, 0n, transfer],
          }),
        );
        expect(await balanceOf(publicClient, token, walletAddress)).toBe(before - ONE);
        await expect(
          publicClient.simulateContract({
            account: holder,
            address: walletAddress,
            abi: erc1271WalletAbi,
            functionName: "execute",
            args: [token, 0n, transfer],
          }),
        ).rejects.toThrow(/Erc1271Wallet: caller is not the owner/);
      });
    });
  });
});

describe("the Tether-like USDT on the shared anvil", () => {
  const rpcUrl = inject("anvilRpcUrl");
  const { publicClient, wallet } = clientsFor(rpcUrl);
  const token = testTokenAddress(USDT);
  const [holder, spender, payee] = [devAccount(1), devAccount(2), devAccount(4)];

  beforeAll(async () => {
    await ensureTestTokens(rpcUrl);
  });

  async function send(hash: Promise<Hex>) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    expect(receipt.status).toBe("success");
    return receipt;
  }

  const allowance = () =>
    publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [holder.address, spender.address],
    });

  it("returns nothing from transfer: simulate with its own ABI, send with erc20Abi", async () => {
    const args = [payee.address, ONE] as const;
    const data = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args });
    expect((await publicClient.call({ account: holder, to: token, data })).data).toBeUndefined();
    const { result } = await publicClient.simulateContract({
      account: holder,
      address: token,
      abi: tetherLikeAbi,
      functionName: "transfer",
      args,
    });
    expect(result).toBeUndefined();
    // erc20Abi expects a bool back: simulating fails to decode, while sending works.
    await expect(
      publicClient.simulateContract({
        account: holder,
        address: token,
        abi: erc20Abi,
        functionName: "transfer",
        args,
      }),
    ).rejects.toThrow();

    const before = await balancesOf(publicClient, USDT, [1, 4]);
    const receipt = await send(
      wallet(1).writeContract({ address: token, abi: erc20Abi, functionName: "transfer", args }),
    );
    console.log(`USDT transfer gas ${receipt.gasUsed}`);
    expect(await balancesOf(publicClient, USDT, [1, 4])).toEqual([
      before[0]! - ONE,
      before[1]! + ONE,
    ]);
    const [event] = parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs });
    expect(event?.args).toEqual({ from: holder.address, to: payee.address, value: ONE });
  });

  it("answers decimals as a uint256 that erc20Abi reads as 6", async () => {
    const read = (abi: typeof erc20Abi | typeof tetherLikeAbi) =>
      publicClient.readContract({ address: token, abi, functionName: "decimals" });
    expect(await read(erc20Abi)).toBe(6);
    expect(await read(tetherLikeAbi)).toBe(6n);
  });

  it("refuses to change a non-zero allowance to another non-zero one, as Tether does", async () => {
    const approve = (value: bigint) =>
      wallet(1).writeContract({
        address: token,
        abi: tetherLikeAbi,
        functionName: "approve",
        args: [spender.address, value],
      });
    if ((await allowance()) !== 0n) await send(approve(0n));
    await send(approve(ONE));
    expect(await allowance()).toBe(ONE);
    await expect(
      publicClient.simulateContract({
        account: holder,
        address: token,
        abi: tetherLikeAbi,
        functionName: "approve",
        args: [spender.address, 2n * ONE],
      }),
    ).rejects.toThrow();
    await send(approve(0n));
    await send(approve(2n * ONE));
    expect(await allowance()).toBe(2n * ONE);

    const before = await balancesOf(publicClient, USDT, [1, 4]);
    await send(
      wallet(2).writeContract({
        address: token,
        abi: tetherLikeAbi,
        functionName: "transferFrom",
        args: [holder.address, payee.address, ONE],
      }),
    );
    expect(await allowance()).toBe(ONE);
    expect(await balancesOf(publicClient, USDT, [1, 4])).toEqual([
      before[0]! - ONE,
      before[1]! + ONE,
    ]);
    await send(approve(0n));
  });

  it("has no EIP-3009 and no permit, and only its owner mints", async () => {
    const refuses = (data: Hex) => publicClient.call({ account: holder, to: token, data });
    const nonce = toHex(crypto.getRandomValues(new Uint8Array(32)));
    const zero32 = toHex(0, { size: 32 });
    // Whatever the signature: the contract has no such functions and no fallback.
    await expect(
      refuses(
        encodeFunctionData({
          abi: transferWithAuthorizationAbi,
          functionName: "transferWithAuthorization",
          args: [holder.address, payee.address, ONE, 0n, 2n ** 40n, nonce, 27, zero32, zero32],
        }),
      ),
    ).rejects.toThrow();
    await expect(
      refuses(
        encodeFunctionData({
          abi: transferWithAuthorizationAbi,
          functionName: "authorizationState",
          args: [holder.address, nonce],
        }),
      ),
    ).rejects.toThrow();
    await expect(
      refuses(
        encodeFunctionData({
          abi: fiatTokenAbi,
          functionName: "permit",
          args: [holder.address, spender.address, ONE, 2n ** 40n, 27, zero32, zero32],
        }),
      ),
    ).rejects.toThrow();
    await expect(
      publicClient.simulateContract({
        account: holder,
        address: token,
        abi: tetherLikeAbi,
        functionName: "mint",
        args: [holder.address, ONE],
      }),
    ).rejects.toThrow();
  });
});

// The deployment relies on anvil preinstalling the factory; a new anvil dropping it should fail here.
describe("CREATE2 factory", () => {
  it("is present on the shared anvil", async () => {
    const { publicClient } = clientsFor(inject("anvilRpcUrl"));
    expect(await publicClient.getCode({ address: CREATE2_FACTORY })).toMatch(/^0x[0-9a-f]{2,}$/);
  });
});
