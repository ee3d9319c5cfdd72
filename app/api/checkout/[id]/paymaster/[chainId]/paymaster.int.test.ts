import { join } from "node:path";
import {
  type Address,
  concatHex,
  custom,
  type Hex,
  isAddressEqual,
  numberToHex,
  parseEther,
} from "viem";
import {
  type BundlerClient,
  createPaymasterClient,
  entryPoint08Abi,
  type SmartAccount,
} from "viem/account-abstraction";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { cancelInvoice } from "@/lib/invoices/cancelInvoice";
import { transferCalldata } from "@/lib/invoices/paymentOptions";
import {
  bundlerClientFor,
  deployErc4337Contracts,
  type Erc4337Contracts,
  sendUserOperation,
  startBundler,
  type TestBundler,
  toTestSimpleAccount,
  type UserOperationCall,
} from "@/lib/tooling/testing/erc4337";
import {
  deployTestPaymaster,
  startPaymasterService,
  type TestPaymasterService,
} from "@/lib/tooling/testing/erc7677";
import { callRoute, chainClients, createMerchant, rpcUrl } from "@/lib/tooling/testing/fixtures";
import {
  checkout,
  fund,
  newInvoice,
  type Option,
  postHash,
  usdcOption,
} from "@/lib/tooling/testing/payments";
import { POST as submitPaymentRoute } from "../../payments/route";
import { OPTIONS, POST } from "./route";

// The checkout's ERC-7677 proxy in front of a real paymaster service (lib/tooling/testing/erc7677.ts)
// that signs for a real verifying paymaster on the local chain's EntryPoint v0.8. The proxy must
// forward a user operation only when its one call is the invoice's payment: the service's
// request count proves the refused ones never reached it.

let apiKey: string;
let contracts: Erc4337Contracts;
let paymaster: Address;
let service: TestPaymasterService;
let bundler: TestBundler;
let shopper: SmartAccount;

const CHAIN_ID = "31337";

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Sponsoring Shop" }));
  const { testClient } = chainClients();
  // Keys of this file's own: other files send from the dev accounts on the same chain.
  const deployer = privateKeyToAccount(generatePrivateKey());
  await testClient.setBalance({ address: deployer.address, value: parseEther("10") });
  contracts = await deployErc4337Contracts(rpcUrl(), deployer);
  const sponsor = privateKeyToAccount(generatePrivateKey());
  paymaster = await deployTestPaymaster({
    rpcUrl: rpcUrl(),
    entryPoint: contracts.entryPoint,
    owner: deployer,
    sponsor: sponsor.address,
  });
  service = await startPaymasterService({ rpcUrl: rpcUrl(), paymaster, sponsor });
  process.env.PAYMASTER_URL_31337 = service.url;
  resetConfigForTests();
  bundler = await startBundler(rpcUrl(), contracts.entryPoint, {
    logPath: join(process.env.DATA_DIR ?? ".", "bundler.log"),
  });
  shopper = await toTestSimpleAccount({
    rpcUrl: rpcUrl(),
    contracts,
    owner: privateKeyToAccount(generatePrivateKey()),
  });
});

afterAll(async () => {
  delete process.env.PAYMASTER_URL_31337;
  resetConfigForTests();
  await bundler?.stop();
  await service?.stop();
});

const optionCall = (option: Option): UserOperationCall => ({
  to: option.transaction.to,
  data: option.transaction.data,
});
const stranger = () => privateKeyToAccount(generatePrivateKey()).address;

/** An unsigned user operation (EntryPoint v0.8, JSON-RPC encoding) running `calls`. */
async function userOperation(calls: readonly UserOperationCall[], callData?: Hex) {
  return {
    sender: shopper.address,
    nonce: "0x0",
    callData:
      callData ??
      (await shopper.encodeCalls(calls.map((call) => ({ ...call, value: call.value ?? 0n })))),
    callGasLimit: numberToHex(100_000),
    verificationGasLimit: numberToHex(300_000),
    preVerificationGas: numberToHex(60_000),
    maxFeePerGas: numberToHex(2_000_000_000),
    maxPriorityFeePerGas: numberToHex(1_000_000_000),
    signature: await shopper.getStubSignature(),
  };
}

function ask(
  invoiceId: string,
  body: unknown,
  options: { chainId?: string; rawBody?: string } = {},
) {
  return callRoute(POST, {
    params: { id: invoiceId, chainId: options.chainId ?? CHAIN_ID },
    path: `/api/checkout/${invoiceId}/paymaster/${options.chainId ?? CHAIN_ID}`,
    ...(options.rawBody === undefined ? { body } : { rawBody: options.rawBody }),
    headers: { "content-type": "application/json" },
  });
}

const rpc = (method: string, params: unknown[], id: number | string = 7) => ({
  jsonrpc: "2.0",
  id,
  method,
  params,
});

describe("payment options name the proxy", () => {
  it("as paymaster_service_url, for the invoice and chain, never the merchant's own URL", async () => {
    const invoice = await newInvoice(apiKey);
    const url = `http://checkout.test/api/checkout/${invoice.id}/paymaster/31337`;
    expect(usdcOption(invoice).paymaster_service_url).toBe(url);
    const view = await checkout(invoice.id);
    expect(view.payment_options.every((option) => option.paymaster_service_url === url)).toBe(true);
    expect(JSON.stringify(view)).not.toContain("SECRET-PROVIDER-KEY");
  });

  it("as null when the chain has no PAYMASTER_URL", async () => {
    delete process.env.PAYMASTER_URL_31337;
    resetConfigForTests();
    try {
      const invoice = await newInvoice(apiKey);
      expect(usdcOption(invoice).paymaster_service_url).toBeNull();
      const before = service.requests.length;
      const { status, json } = await ask(
        invoice.id,
        rpc("pm_getPaymasterStubData", [
          await userOperation([optionCall(usdcOption(invoice))]),
          contracts.entryPoint,
          "0x7a69",
          {},
        ]),
      );
      expect(status).toBe(422);
      expect(json.error.data.code).toBe("sponsorship_unavailable");
      expect(service.requests.length).toBe(before);
    } finally {
      process.env.PAYMASTER_URL_31337 = service.url;
      resetConfigForTests();
    }
  });
});

describe("the proxy refuses what is not the invoice's payment, never asking the service", () => {
  type Case = [string, (option: Option, otherReference: Hex) => Promise<unknown>, number, string];
  const params = async (calls: UserOperationCall[], callData?: Hex) => [
    await userOperation(calls, callData),
    contracts.entryPoint,
    "0x7a69",
    {},
  ];
  const cases: Case[] = [
    [
      "another recipient",
      async (option) =>
        rpc(
          "pm_getPaymasterData",
          await params([
            {
              to: option.token.address,
              data: transferCalldata(stranger(), BigInt(option.amount), option.reference),
            },
          ]),
        ),
      422,
      "sponsorship_refused",
    ],
    [
      "another amount",
      async (option) =>
        rpc(
          "pm_getPaymasterData",
          await params([
            {
              to: option.token.address,
              data: transferCalldata(
                option.recipient,
                BigInt(option.amount) - 1n,
                option.reference,
              ),
            },
          ]),
        ),
      422,
      "sponsorship_refused",
    ],
    [
      "another token",
      async (option) =>
        rpc(
          "pm_getPaymasterData",
          await params([{ to: stranger(), data: option.transaction.data }]),
        ),
      422,
      "sponsorship_refused",
    ],
    [
      "an extra call after the payment",
      async (option) =>
        rpc(
          "pm_getPaymasterStubData",
          await params([
            optionCall(option),
            { to: option.token.address, data: transferCalldata(stranger(), 1n, "0x") },
          ]),
        ),
      422,
      "sponsorship_refused",
    ],
    [
      "the payment twice in a batch",
      async (option) =>
        rpc("pm_getPaymasterStubData", await params([optionCall(option), optionCall(option)])),
      422,
      "sponsorship_refused",
    ],
    [
      "another invoice's reference",
      async (option, otherReference) =>
        rpc(
          "pm_getPaymasterData",
          await params([
            {
              to: option.token.address,
              data: transferCalldata(option.recipient, BigInt(option.amount), otherReference),
            },
          ]),
        ),
      422,
      "sponsorship_refused",
    ],
    [
      "the payment with ETH sent along",
      async (option) =>
        rpc("pm_getPaymasterData", await params([{ ...optionCall(option), value: 1n }])),
      422,
      "sponsorship_refused",
    ],
    [
      "callData that is no account's execute",
      async (option) =>
        rpc("pm_getPaymasterData", await params([], concatHex(["0xdeadbeef", option.reference]))),
      422,
      "sponsorship_refused",
    ],
    [
      "the payment with a call gas limit far above a transfer's",
      async (option) =>
        rpc("pm_getPaymasterData", [
          { ...(await userOperation([optionCall(option)])), callGasLimit: numberToHex(5_000_000) },
          contracts.entryPoint,
          "0x7a69",
          {},
        ]),
      422,
      "sponsorship_refused",
    ],
    [
      "the payment with a paymaster post-op gas limit far above any",
      async (option) =>
        rpc("pm_getPaymasterStubData", [
          {
            ...(await userOperation([optionCall(option)])),
            paymasterPostOpGasLimit: numberToHex(10_000_000),
          },
          contracts.entryPoint,
          "0x7a69",
          {},
        ]),
      422,
      "sponsorship_refused",
    ],
    [
      "a method other than the two",
      async (option) => rpc("eth_sendUserOperation", await params([optionCall(option)])),
      400,
      "parameter_invalid",
    ],
    [
      "pm_sponsorUserOperation (a provider's own method)",
      async (option) => rpc("pm_sponsorUserOperation", await params([optionCall(option)])),
      400,
      "parameter_invalid",
    ],
    [
      "another chain id in the params",
      async (option) =>
        rpc("pm_getPaymasterData", [
          await userOperation([optionCall(option)]),
          contracts.entryPoint,
          "0x2105",
          {},
        ]),
      400,
      "parameter_invalid",
    ],
    [
      "a chain id that is no number",
      async (option) =>
        rpc("pm_getPaymasterData", [
          await userOperation([optionCall(option)]),
          contracts.entryPoint,
          "0x",
          {},
        ]),
      400,
      "parameter_invalid",
    ],
    [
      "a gas limit that is no number",
      async (option) =>
        rpc("pm_getPaymasterData", [
          { ...(await userOperation([optionCall(option)])), callGasLimit: 5 },
          contracts.entryPoint,
          "0x7a69",
          {},
        ]),
      400,
      "parameter_invalid",
    ],
    [
      "a fifth entry in params",
      async (option) =>
        rpc("pm_getPaymasterData", [
          await userOperation([optionCall(option)]),
          contracts.entryPoint,
          "0x7a69",
          {},
          "extra",
        ]),
      400,
      "parameter_invalid",
    ],
    [
      "params that are not [userOp, entryPoint, chainId, context]",
      async () => rpc("pm_getPaymasterData", [{ sender: "0x01" }, "nope"]),
      400,
      "parameter_invalid",
    ],
    [
      "a body that is not JSON-RPC 2.0",
      async () => ({ method: "pm_getPaymasterData", params: [] }),
      400,
      "parameter_invalid",
    ],
  ];

  it.each(cases)("%s", async (_name, build, status, code) => {
    const [invoice, other] = [await newInvoice(apiKey), await newInvoice(apiKey)];
    const before = service.requests.length;
    const { status: answered, json } = await ask(
      invoice.id,
      await build(usdcOption(invoice), usdcOption(other).reference),
    );
    expect(answered).toBe(status);
    expect(json.jsonrpc).toBe("2.0");
    expect(json.error.data.code).toBe(code);
    expect(json.error.code).toBeLessThan(0);
    expect(json.result).toBeUndefined();
    expect(service.requests.length).toBe(before);
  });

  it("a payment for an invoice that is canceled, unknown, or on a chain it does not offer", async () => {
    const invoice = await newInvoice(apiKey);
    const body = rpc("pm_getPaymasterData", [
      await userOperation([optionCall(usdcOption(invoice))]),
      contracts.entryPoint,
      "0x7a69",
      {},
    ]);
    const before = service.requests.length;
    expect((await ask("inv_doesnotexist", body)).status).toBe(404);
    const otherChain = await ask(invoice.id, body, { chainId: "8453" });
    expect(otherChain.status).toBe(422);
    expect((await ask(invoice.id, body, { chainId: "0x7a69" })).status).toBe(404);
    const db = await getDb();
    await db.transaction((tx) => cancelInvoice(tx, invoice.id));
    const canceled = await ask(invoice.id, body);
    expect(canceled.status).toBe(422);
    expect(canceled.json.error.data.code).toBe("invoice_not_payable");
    expect(service.requests.length).toBe(before);
  });

  it("past 20 requests a minute from one client address, with a Retry-After", async () => {
    process.env.RATE_LIMIT_PER_ADDRESS = "1000"; // the general public limit out of the way
    resetConfigForTests();
    try {
      const invoice = await newInvoice(apiKey);
      const send = (address: string) =>
        callRoute(POST, {
          params: { id: invoice.id, chainId: CHAIN_ID },
          body: rpc("eth_chainId", []),
          headers: { "x-client-address": address },
        });
      for (let i = 0; i < 20; i++) expect((await send("203.0.113.7")).status).toBe(400);
      const limited = await send("203.0.113.7");
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe(-32005);
      expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await send("203.0.113.8")).status).toBe(400);
    } finally {
      process.env.RATE_LIMIT_PER_ADDRESS = "0";
      resetConfigForTests();
    }
  });

  it("bad JSON, keeping the JSON-RPC shape", async () => {
    const invoice = await newInvoice(apiKey);
    const { status, json } = await ask(invoice.id, undefined, { rawBody: "{not json" });
    expect(status).toBe(400);
    expect(json.error.code).toBe(-32700);
  });
});

describe("the proxy sponsors the invoice's payment", () => {
  it("forwards stub and data requests to the service and returns its answers", async () => {
    const invoice = await newInvoice(apiKey);
    const option = usdcOption(invoice);
    const before = service.requests.length;
    const stub = await ask(
      invoice.id,
      rpc(
        "pm_getPaymasterStubData",
        [
          await userOperation([optionCall(option)]),
          contracts.entryPoint,
          "0x7a69",
          { sponsorshipPolicyId: "sp_someone_elses" },
        ],
        "a1",
      ),
    );
    expect(stub.status).toBe(200);
    expect(stub.json.id).toBe("a1");
    expect(isAddressEqual(stub.json.result.paymaster, paymaster)).toBe(true);
    expect(stub.json.result.paymasterPostOpGasLimit).toBe("0x0");
    const data = await ask(
      invoice.id,
      rpc("pm_getPaymasterData", [
        await userOperation([optionCall(option)]),
        contracts.entryPoint,
        "0x7a69",
        {},
      ]),
    );
    expect(data.status).toBe(200);
    // The window (64 bytes) and the sponsor's 65-byte signature.
    expect(data.json.result.paymasterData).toMatch(/^0x[0-9a-f]{258}$/);
    expect(service.requests.map((request) => request.method)).toEqual([
      ...service.requests.slice(0, before).map((request) => request.method),
      "pm_getPaymasterStubData",
      "pm_getPaymasterData",
    ]);
    // The caller's context (a provider's policy id) is not passed on.
    const forwardedStub = service.requests.at(-2)?.params as unknown[];
    expect(forwardedStub[3]).toEqual({});
    expect(stub.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await OPTIONS();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("three sponsored operations per invoice, then refused without asking the service", async () => {
    const invoice = await newInvoice(apiKey);
    const body = rpc("pm_getPaymasterData", [
      await userOperation([optionCall(usdcOption(invoice))]),
      contracts.entryPoint,
      "0x7a69",
      {},
    ]);
    for (let i = 0; i < 3; i++) expect((await ask(invoice.id, body)).status).toBe(200);
    const before = service.requests.length;
    const spent = await ask(invoice.id, body);
    expect(spent.status).toBe(422);
    expect(spent.json.error.data.code).toBe("sponsorship_refused");
    expect(spent.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(service.requests.length).toBe(before);
  });

  it("says the paymaster is unavailable when the service is down, and logs nothing of its URL", async () => {
    const invoice = await newInvoice(apiKey);
    const body = rpc("pm_getPaymasterStubData", [
      await userOperation([optionCall(usdcOption(invoice))]),
      contracts.entryPoint,
      "0x7a69",
      {},
    ]);
    const url = new URL(service.url);
    process.env.PAYMASTER_URL_31337 = `http://127.0.0.1:1${url.pathname}`;
    resetConfigForTests();
    const logged = vi.spyOn(console, "error");
    const warned = vi.spyOn(console, "warn");
    try {
      const { status, json } = await ask(invoice.id, body);
      expect(status).toBe(503);
      expect(json.error.data.code).toBe("paymaster_unavailable");
      expect(JSON.stringify(json)).not.toContain("SECRET-PROVIDER-KEY");
      const lines = [...logged.mock.calls, ...warned.mock.calls].flat().map(String).join("\n");
      expect(lines).not.toContain("SECRET-PROVIDER-KEY");
    } finally {
      logged.mockRestore();
      warned.mockRestore();
      process.env.PAYMASTER_URL_31337 = service.url;
      resetConfigForTests();
    }
  });
});

describe("end to end: a SimpleAccount with USDC and no ETH pays through the bundler", () => {
  let client: BundlerClient;
  /** The invoice whose paymaster_service_url the wallet was given. */
  let invoiceId = "";

  beforeAll(() => {
    // The wallet asks the proxy (the route's handler) as it would over HTTP.
    const paymasterClient = createPaymasterClient({
      transport: custom({
        async request({ method, params }) {
          const { json } = await ask(invoiceId, rpc(method, params as unknown[]));
          if (json.error) throw Object.assign(new Error(json.error.message), json.error);
          return json.result;
        },
      }),
    });
    client = bundlerClientFor(rpcUrl(), bundler, shopper, paymasterClient);
  });
  const deposit = () =>
    chainClients().publicClient.readContract({
      address: contracts.entryPoint,
      abi: entryPoint08Abi,
      functionName: "balanceOf",
      args: [paymaster],
    });

  it("the paymaster pays the gas, the merchant gets the amount, and the invoice is paid", async () => {
    const { publicClient } = chainClients();
    const invoice = await newInvoice(apiKey, { amount: "7.25" });
    const option = usdcOption(invoice);
    await fund(shopper.address, option.token.address, 100_000_000n);
    expect(await publicClient.getBalance({ address: shopper.address })).toBe(0n);
    const depositBefore = await deposit();
    const before = service.requests.length;

    invoiceId = invoice.id;
    const sent = await sendUserOperation(client, [optionCall(option)]);
    expect(sent.receipt.success).toBe(true);
    expect(isAddressEqual(sent.receipt.paymaster!, paymaster)).toBe(true);
    expect(await publicClient.getBalance({ address: shopper.address })).toBe(0n);
    // The gas came out of the paymaster's deposit on the EntryPoint.
    expect(await deposit()).toBeLessThan(depositBefore);
    expect(service.requests.slice(before).map((request) => request.method)).toContain(
      "pm_getPaymasterData",
    );

    const posted = await postHash(submitPaymentRoute, invoice.id, sent.transactionHash);
    expect(posted.status).toBe(200);
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments[0]?.amount).toBe(option.amount);
  });

  it("a user operation paying someone else is refused by the proxy before the bundler sees it", async () => {
    const invoice = await newInvoice(apiKey, { amount: "1.00" });
    const option = usdcOption(invoice);
    const before = service.requests.length;
    invoiceId = invoice.id;
    await expect(
      sendUserOperation(client, [
        {
          to: option.token.address,
          data: transferCalldata(stranger(), BigInt(option.amount), option.reference),
        },
      ]),
    ).rejects.toThrow(/not this invoice's payment/);
    expect(service.requests.length).toBe(before);
    expect((await checkout(invoice.id)).status).toBe("open");
  });
});
