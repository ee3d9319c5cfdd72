import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  parseEventLogs,
  parseSignature,
  toHex,
} from "viem";
import { anvil as anvilChain } from "viem/chains";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../tooling/testing/free-port";
import { type AnvilInstance, startAnvil } from "./anvil";
import { testStablecoinAbi } from "./contracts/testStablecoin.artifact";
import {
  CREATE2_FACTORY,
  devAccount,
  ensureTestTokens,
  TEST_TOKEN_OWNER,
  TEST_TOKENS,
  type TestToken,
  testTokenAddress,
} from "./testTokens";

const USDC = TEST_TOKENS[0];
const USDT = TEST_TOKENS[1];
const EURC = TEST_TOKENS[2];
const MINTED = 10_000n * 10n ** 6n; // 10,000.000000
const ONE = 10n ** 6n; // 1.000000: tests on the shared chain move small amounts only
const FUNDED = [1, 2, 3, 4, 5, 6, 7, 8];
const UNFUNDED = devAccount(9).address; // 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720

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
    abi: testStablecoinAbi,
    functionName: "balanceOf",
    args: [owner],
  });
}

function balancesOf(publicClient: PublicClient, token: TestToken, indexes: number[]) {
  const address = testTokenAddress(token);
  return Promise.all(indexes.map((i) => balanceOf(publicClient, address, devAccount(i).address)));
}

describe("test token addresses", () => {
  it("are fixed, distinct and owned by dev account 0", () => {
    expect(devAccount(0).address).toBe(TEST_TOKEN_OWNER);
    expect(devAccount(9).address).toBe("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");
    expect(testTokenAddress(USDC)).not.toBe(testTokenAddress(USDT));
    expect(testTokenAddress(USDC)).toBe(testTokenAddress(USDC));
    // Printed so a changed address (after a contract change) is easy to spot in the log.
    console.log(TEST_TOKENS.map((t) => `${t.symbol} ${testTokenAddress(t)}`).join("\n"));
  });
});

// Exact balances need a chain nobody else touched: a fresh anvil, not the shared one.
describe("ensureTestTokens on a fresh anvil", () => {
  let anvil: AnvilInstance;
  beforeAll(async () => {
    anvil = await startAnvil({ port: await freePort() });
  });
  afterAll(() => anvil?.stop());

  it("deploys both tokens at their CREATE2 addresses and funds dev accounts 1..8", async () => {
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
      const read = (functionName: "decimals" | "symbol" | "name" | "owner") =>
        publicClient.readContract({ address, abi: testStablecoinAbi, functionName });
      expect(await read("decimals")).toBe(6);
      expect(await read("symbol")).toBe(token.symbol);
      expect(await read("name")).toBe(token.name);
      expect(await read("owner")).toBe(TEST_TOKEN_OWNER);
      expect(await balancesOf(publicClient, token, FUNDED)).toEqual(FUNDED.map(() => MINTED));
      expect(await balanceOf(publicClient, address, UNFUNDED)).toBe(0n);
    }
  });

  it("deploys and mints nothing the second time", async () => {
    const { publicClient } = clientsFor(anvil.rpcUrl);
    const blockBefore = await publicClient.getBlockNumber();
    const result = await ensureTestTokens(anvil.rpcUrl);

    expect(result.deployed).toEqual([]);
    expect(await publicClient.getBlockNumber()).toBe(blockBefore); // automine: no tx, no block
    for (const token of TEST_TOKENS) {
      expect(await balancesOf(publicClient, token, FUNDED)).toEqual(FUNDED.map(() => MINTED));
    }
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
    for (const token of TEST_TOKENS) {
      expect(await balancesOf(publicClient, token, FUNDED)).toEqual(FUNDED.map(() => MINTED));
    }
    expect((await ensureTestTokens(anvil.rpcUrl)).deployed).toEqual([]);
  });
});

// Token behaviour on the run's shared anvil; other files may have deployed the tokens first.
describe("TestStablecoin on the shared anvil", () => {
  const rpcUrl = inject("anvilRpcUrl");
  const { publicClient, wallet } = clientsFor(rpcUrl);
  const token = testTokenAddress(USDC);
  const [holder, spender, relayer, payee] = [
    devAccount(1),
    devAccount(2),
    devAccount(3),
    devAccount(4),
  ];

  let domain: {
    name: string;
    version: string;
    chainId: number;
    verifyingContract: Address;
  };

  beforeAll(async () => {
    await ensureTestTokens(rpcUrl);
    const [, name, version, chainId, verifyingContract] = await publicClient.readContract({
      address: token,
      abi: testStablecoinAbi,
      functionName: "eip712Domain",
    });
    domain = { name, version, chainId: Number(chainId), verifyingContract };
  });

  async function send(hash: Promise<Hex>) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    expect(receipt.status).toBe("success");
    return receipt;
  }

  async function latestTimestamp(): Promise<bigint> {
    return (await publicClient.getBlock()).timestamp;
  }

  it("has the EIP-712 domain (token name, version 1) and Circle's EIP-3009 type hashes", async () => {
    expect(domain).toEqual({
      name: USDC.name,
      version: "1",
      chainId: 31337,
      verifyingContract: token,
    });
    const read = (
      functionName:
        | "TRANSFER_WITH_AUTHORIZATION_TYPEHASH"
        | "RECEIVE_WITH_AUTHORIZATION_TYPEHASH"
        | "CANCEL_AUTHORIZATION_TYPEHASH",
    ) => publicClient.readContract({ address: token, abi: testStablecoinAbi, functionName });
    // The values FiatToken v2.2 (real USDC) exposes under the same names.
    expect(await read("TRANSFER_WITH_AUTHORIZATION_TYPEHASH")).toBe(
      "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267",
    );
    expect(await read("RECEIVE_WITH_AUTHORIZATION_TYPEHASH")).toBe(
      "0xd099cc98ef71107a616c4f0f941f04c322d8e254fe26b3c6668db87aae413de8",
    );
    expect(await read("CANCEL_AUTHORIZATION_TYPEHASH")).toBe(
      "0x158b0a9edf7a828aad02f63cd515c68ef2f50ba807396f6d12842833a1597429",
    );
  });

  it("only lets the owner mint", async () => {
    await expect(
      publicClient.simulateContract({
        account: holder,
        address: token,
        abi: testStablecoinAbi,
        functionName: "mint",
        args: [holder.address, ONE],
      }),
    ).rejects.toThrow(/OwnableUnauthorizedAccount/);
  });

  it("accepts a transfer with 16 bytes appended to its calldata", async () => {
    const transfer = encodeFunctionData({
      abi: testStablecoinAbi,
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
    console.log(`transfer gas ${plain.gasUsed}, with 16-byte suffix ${suffixed.gasUsed}`);
    expect(extra).toBeGreaterThan(0n);
    expect(extra).toBeLessThanOrEqual(16n * 16n);
  });

  describe("EIP-2612 permit", () => {
    const permitTypes = {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    } as const;

    async function signPermit(signer: typeof holder, owner: Address, value: bigint) {
      const nonce = await publicClient.readContract({
        address: token,
        abi: testStablecoinAbi,
        functionName: "nonces",
        args: [owner],
      });
      const deadline = (await latestTimestamp()) + 3600n;
      const signature = await signer.signTypedData({
        domain,
        types: permitTypes,
        primaryType: "Permit",
        message: { owner, spender: spender.address, value, nonce, deadline },
      });
      const { v, r, s } = parseSignature(signature);
      return { deadline, v: Number(v), r, s };
    }

    it("lets another account submit the holder's permit, then transferFrom works", async () => {
      const { deadline, v, r, s } = await signPermit(holder, holder.address, ONE);
      const before = await balancesOf(publicClient, USDC, [1, 4]);

      await send(
        wallet(3).writeContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: "permit",
          args: [holder.address, spender.address, ONE, deadline, v, r, s],
        }),
      );
      expect(
        await publicClient.readContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: "allowance",
          args: [holder.address, spender.address],
        }),
      ).toBe(ONE);

      await send(
        wallet(2).writeContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferFrom",
          args: [holder.address, payee.address, ONE],
        }),
      );
      expect(await balancesOf(publicClient, USDC, [1, 4])).toEqual([
        before[0]! - ONE,
        before[1]! + ONE,
      ]);
    });

    it("rejects a permit signed by someone other than the owner", async () => {
      const { deadline, v, r, s } = await signPermit(relayer, holder.address, ONE);
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "permit",
          args: [holder.address, spender.address, ONE, deadline, v, r, s],
        }),
      ).rejects.toThrow(/ERC2612InvalidSigner/);
    });
  });

  describe("EIP-3009 authorizations", () => {
    const authorizationFields = [
      { name: "from", type: "address" },
      { name: "to", type: "address" },
      { name: "value", type: "uint256" },
      { name: "validAfter", type: "uint256" },
      { name: "validBefore", type: "uint256" },
      { name: "nonce", type: "bytes32" },
    ] as const;

    const randomNonce = () => toHex(crypto.getRandomValues(new Uint8Array(32)));

    async function authorize(
      primaryType: "TransferWithAuthorization" | "ReceiveWithAuthorization",
      overrides: { validAfter?: bigint; validBefore?: bigint } = {},
    ) {
      const message = {
        from: holder.address,
        to: payee.address,
        value: ONE,
        validAfter: overrides.validAfter ?? 0n,
        validBefore: overrides.validBefore ?? (await latestTimestamp()) + 3600n,
        nonce: randomNonce(),
      };
      const types =
        primaryType === "TransferWithAuthorization"
          ? { TransferWithAuthorization: authorizationFields }
          : { ReceiveWithAuthorization: authorizationFields };
      const signature = await holder.signTypedData({
        domain,
        types,
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

    const used = (nonce: Hex) =>
      publicClient.readContract({
        address: token,
        abi: testStablecoinAbi,
        functionName: "authorizationState",
        args: [holder.address, nonce],
      });

    it("moves funds when a third account submits the holder's transferWithAuthorization", async () => {
      const auth = await authorize("TransferWithAuthorization");
      const before = await balancesOf(publicClient, USDC, [1, 3, 4]);
      expect(await used(auth.message.nonce)).toBe(false);

      const receipt = await send(
        wallet(3).writeContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      );

      expect(await balancesOf(publicClient, USDC, [1, 3, 4])).toEqual([
        before[0]! - ONE,
        before[1]!, // the relayer pays gas, not tokens
        before[2]! + ONE,
      ]);
      expect(await used(auth.message.nonce)).toBe(true);
      const [event] = parseEventLogs({
        abi: testStablecoinAbi,
        eventName: "AuthorizationUsed",
        logs: receipt.logs,
      });
      expect(event?.args).toEqual({ authorizer: holder.address, nonce: auth.message.nonce });

      // The same signed authorization cannot be used twice.
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      ).rejects.toThrow(/AuthorizationUsedOrCanceled/);
    });

    it("accepts the signature as bytes (the overload smart wallets use)", async () => {
      const auth = await authorize("TransferWithAuthorization");
      const before = await balanceOf(publicClient, token, payee.address);
      await send(
        wallet(3).writeContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [...auth.args, auth.signature],
        }),
      );
      expect(await balanceOf(publicClient, token, payee.address)).toBe(before + ONE);
      expect(await used(auth.message.nonce)).toBe(true);
    });

    it("rejects an expired or not yet valid authorization", async () => {
      const now = await latestTimestamp();
      const expired = await authorize("TransferWithAuthorization", { validBefore: now - 1n });
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [...expired.args, ...expired.vrs],
        }),
      ).rejects.toThrow(/AuthorizationExpired/);

      const early = await authorize("TransferWithAuthorization", { validAfter: now + 3600n });
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [...early.args, ...early.vrs],
        }),
      ).rejects.toThrow(/AuthorizationNotYetValid/);
    });

    it("rejects an authorization whose signed values were changed", async () => {
      const auth = await authorize("TransferWithAuthorization");
      const [from, , value, validAfter, validBefore, nonce] = auth.args;
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [from, relayer.address, value, validAfter, validBefore, nonce, ...auth.vrs],
        }),
      ).rejects.toThrow(/InvalidAuthorizationSignature/);
    });

    it("refuses a nonce after the holder canceled it", async () => {
      const auth = await authorize("TransferWithAuthorization");
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
      const { v, r, s } = parseSignature(cancelSignature);

      const receipt = await send(
        wallet(3).writeContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: "cancelAuthorization",
          args: [holder.address, auth.message.nonce, Number(v), r, s],
        }),
      );
      expect(
        parseEventLogs({
          abi: testStablecoinAbi,
          eventName: "AuthorizationCanceled",
          logs: receipt.logs,
        }),
      ).toHaveLength(1);
      expect(await used(auth.message.nonce)).toBe(true);

      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      ).rejects.toThrow(/AuthorizationUsedOrCanceled/);
      // Canceling twice fails too: the nonce is spent either way.
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "cancelAuthorization",
          args: [holder.address, auth.message.nonce, cancelSignature],
        }),
      ).rejects.toThrow(/AuthorizationUsedOrCanceled/);
    });

    it("lets only the payee submit receiveWithAuthorization", async () => {
      const auth = await authorize("ReceiveWithAuthorization");
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "receiveWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      ).rejects.toThrow(/CallerMustBePayee/);

      const before = await balanceOf(publicClient, token, payee.address);
      await send(
        wallet(4).writeContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: "receiveWithAuthorization",
          args: [...auth.args, auth.signature],
        }),
      );
      expect(await balanceOf(publicClient, token, payee.address)).toBe(before + ONE);
      expect(await used(auth.message.nonce)).toBe(true);
    });

    it("does not accept a ReceiveWithAuthorization signature for transferWithAuthorization", async () => {
      const auth = await authorize("ReceiveWithAuthorization");
      await expect(
        publicClient.simulateContract({
          account: relayer,
          address: token,
          abi: testStablecoinAbi,
          functionName: "transferWithAuthorization",
          args: [...auth.args, ...auth.vrs],
        }),
      ).rejects.toThrow(/InvalidAuthorizationSignature/);
    });
  });
});

// The deployment relies on anvil preinstalling the factory; a new anvil dropping it should fail here.
describe("CREATE2 factory", () => {
  it("is present on the shared anvil", async () => {
    const { publicClient } = clientsFor(inject("anvilRpcUrl"));
    expect(await publicClient.getCode({ address: CREATE2_FACTORY })).toMatch(/^0x[0-9a-f]{2,}$/);
  });
});
