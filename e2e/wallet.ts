/**
 * A browser wallet for end-to-end tests: an EIP-1193 provider announced through EIP-6963 (so
 * RainbowKit lists it under "Installed"), whose requests are answered in Node where a real
 * private key (an anvil dev account) signs and sends real transactions to the local chain.
 *
 * The page holds only a thin provider object (installed by `page.addInitScript`, so it is there
 * again after every navigation); all state (connected or not, current chain, what was sent)
 * lives in the controller that `installTestWallet` returns.
 */
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import {
  type Address,
  BaseError,
  createWalletClient,
  defineChain,
  type Hex,
  hexToBigInt,
  http,
  isAddress,
  isAddressEqual,
  isHex,
  numberToHex,
  type TypedDataDefinition,
} from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC, LOCAL_CHAIN_ID } from "./env";

export type TestWalletOptions = {
  /** anvil dev account index (derivation path m/44'/60'/0'/0/<index>). */
  accountIndex: number;
  /** JSON-RPC endpoint of the local chain; transactions are sent and reads forwarded there. */
  rpcUrl: string;
  /** Shown in RainbowKit's wallet list. */
  name?: string;
  /** EIP-6963 reverse-DNS id; wagmi uses it as the connector id. */
  rdns?: string;
  /** The chain the wallet is on when the page opens (default: the local chain, 31337). */
  startChainId?: number;
  /** Also set `window.ethereum` (off by default: the tests prove EIP-6963 discovery). */
  alsoWindowEthereum?: boolean;
  /**
   * Speak EIP-5792 as a smart wallet does: wallet_getCapabilities, wallet_sendCalls (the calls
   * sent one after another, their receipts all reported) and wallet_getCallsStatus. Off by
   * default: those methods answer 4200, as most wallets' do.
   */
  eip5792?: boolean;
};

export type WalletRequest = { method: string; params: unknown };

export type TestWallet = {
  readonly account: HDAccount;
  readonly address: Address;
  /** Hashes of the transactions this wallet signed and sent, oldest first. */
  readonly sentTransactions: Hex[];
  /** Every request the page made, in order. */
  readonly requests: WalletRequest[];
  /** The chain the wallet is on now. */
  readonly chainId: number;
  /** Whether the shopper approved the connection (eth_accounts answers the address). */
  readonly connected: boolean;
  /** The shopper rejects the next request of this method (error 4001). Can be queued. */
  rejectNext(method: string): void;
  /** Sends with this gas limit whatever the page asks (null: the page's), as a wallet set too low. */
  setGasLimit(gas: bigint | null): void;
  /** The shopper switches networks in the wallet itself; the page gets `chainChanged`. */
  setChain(chainId: number): Promise<void>;
  /** The requests made with this method. */
  requestsOf(method: string): WalletRequest[];
};

type RpcErrorObject = { code: number; message: string; data?: unknown };
type WalletEvent = { event: string; data: unknown };
type Reply =
  | { result: unknown; events?: WalletEvent[] }
  | { error: RpcErrorObject; events?: WalletEvent[] };

type InjectArgs = {
  binding: string;
  handle: string;
  info: { uuid: string; name: string; icon: string; rdns: string };
  alsoWindowEthereum: boolean;
};

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#0f766e"/><path d="M28 30h40v10H53v30H43V40H28z" fill="#fff"/></svg>`;
const ICON = `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString("base64")}`;

const USER_REJECTED: RpcErrorObject = { code: 4001, message: "User rejected the request." };
const UNAUTHORIZED: RpcErrorObject = {
  code: 4100,
  message: "The requested account and/or method has not been authorized by the user.",
};

/** EIP-5792 errors: https://eips.ethereum.org/EIPS/eip-5792#error-codes */
const UNSUPPORTED_CAPABILITY = 5700;
const UNSUPPORTED_CHAIN = 5710;
const DUPLICATE_BUNDLE_ID = 5720;
const UNKNOWN_BUNDLE_ID = 5730;
const ATOMICITY_NOT_SUPPORTED = 5760;

/** A call bundle this wallet accepted, and its transactions' hashes once all are sent. */
type CallBundle = {
  chainId: number;
  calls: number;
  /** Undefined while sending; null when a call could not be sent. */
  hashes: Hex[] | null | undefined;
  /** Status queries answered so far: the first is always "pending", as a bundler's would be. */
  polls: number;
};

/**
 * Methods never forwarded to the chain: anvil would answer them with its own unlocked accounts
 * or let the page rewrite the chain, which no real wallet allows.
 */
const NOT_FORWARDED =
  /^(eth_sign|eth_signTransaction|eth_sendTransaction|personal_|wallet_|anvil_|hardhat_|evm_|debug_|miner_|admin_|txpool_)/;

let walletCount = 0;

/** Installs the wallet on `page` (call before `page.goto`) and returns its controller. */
export async function installTestWallet(
  page: Page,
  options: TestWalletOptions,
): Promise<TestWallet> {
  walletCount += 1;
  const binding = `__testWalletRequest${walletCount}`;
  const handle = `__testWallet${walletCount}`;
  const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: options.accountIndex });
  const localChain = defineChain({
    id: LOCAL_CHAIN_ID,
    name: "Local chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const walletClient = createWalletClient({
    account,
    chain: localChain,
    transport: http(options.rpcUrl, { retryCount: 0 }),
  });

  const state = {
    connected: false,
    chainId: options.startChainId ?? LOCAL_CHAIN_ID,
    knownChains: new Set<number>([LOCAL_CHAIN_ID, options.startChainId ?? LOCAL_CHAIN_ID]),
    rejections: [] as string[],
    requests: [] as WalletRequest[],
    sent: [] as Hex[],
    sending: Promise.resolve() as Promise<unknown>,
    gasLimit: null as bigint | null,
    rpcId: 0,
    bundles: new Map<string, CallBundle>(),
  };

  async function forward(method: string, params: unknown): Promise<Reply> {
    const response = await fetch(options.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++state.rpcId, method, params: params ?? [] }),
    });
    if (!response.ok) {
      return { error: { code: -32603, message: `RPC answered HTTP ${response.status}.` } };
    }
    const body = (await response.json()) as { result?: unknown; error?: RpcErrorObject };
    return body.error ? { error: body.error } : { result: body.result ?? null };
  }

  function switchTo(chainId: number): WalletEvent[] {
    if (chainId === state.chainId) return [];
    state.chainId = chainId;
    return [{ event: "chainChanged", data: numberToHex(chainId) }];
  }

  async function sendTransaction(params: unknown): Promise<Reply> {
    if (!state.connected) return { error: UNAUTHORIZED };
    const tx = (Array.isArray(params) ? params[0] : undefined) as
      | Partial<Record<"from" | "to" | "data" | "value" | "gas" | "chainId" | "nonce", Hex>>
      | undefined;
    if (!tx)
      return { error: { code: -32602, message: "eth_sendTransaction needs a transaction." } };
    if (tx.from && !isAddressEqual(tx.from, account.address)) return { error: UNAUTHORIZED };
    if (tx.chainId && Number(tx.chainId) !== state.chainId) {
      return {
        error: {
          code: -32602,
          message: `Invalid chainId ${tx.chainId}: the wallet is on chain ${state.chainId}.`,
        },
      };
    }
    if (state.chainId !== LOCAL_CHAIN_ID) {
      return {
        error: {
          code: -32603,
          message: `Test Wallet can only send on chain ${LOCAL_CHAIN_ID}, not ${state.chainId}.`,
        },
      };
    }
    return { result: await signAndSend(tx) };
  }

  /** Signs and sends one transaction; one at a time, so viem reads the right pending nonce. */
  async function signAndSend(
    tx: Partial<Record<"to" | "data" | "value" | "gas" | "nonce", Hex>>,
  ): Promise<Hex> {
    const send = state.sending.then(() =>
      walletClient.sendTransaction({
        to: tx.to,
        data: tx.data,
        value: tx.value ? hexToBigInt(tx.value) : 0n,
        gas: state.gasLimit ?? (tx.gas ? hexToBigInt(tx.gas) : undefined),
        nonce: tx.nonce ? Number(tx.nonce) : undefined,
      }),
    );
    state.sending = send.catch(() => {});
    const hash = await send;
    state.sent.push(hash);
    return hash;
  }

  /** wallet_getCapabilities: the chain it can send on, without atomic batches. */
  function getCapabilities(params: unknown): Reply {
    if (!state.connected) return { error: UNAUTHORIZED };
    const [address, chainIds] = (Array.isArray(params) ? params : []) as [
      Address | undefined,
      Hex[] | undefined,
    ];
    if (!address || !isAddress(address) || !isAddressEqual(address, account.address)) {
      return { error: UNAUTHORIZED };
    }
    const local = numberToHex(LOCAL_CHAIN_ID);
    const wanted = Array.isArray(chainIds) ? chainIds : [local];
    const capabilities: Record<string, unknown> = {};
    for (const chainId of wanted) {
      // Several calls go out as several transactions: not atomic (EIP-5792 "atomic" capability).
      if (Number(chainId) === LOCAL_CHAIN_ID)
        capabilities[local] = { atomic: { status: "unsupported" } };
    }
    return { result: capabilities };
  }

  /** wallet_sendCalls (version 2.0.0): the bundle's id at once; the calls go out behind it. */
  function sendCalls(params: unknown): Reply {
    if (!state.connected) return { error: UNAUTHORIZED };
    const request = (Array.isArray(params) ? params[0] : undefined) as
      | {
          version?: string;
          id?: string;
          from?: Address;
          chainId?: Hex;
          atomicRequired?: boolean;
          calls?: { to?: Hex; data?: Hex; value?: Hex }[];
          capabilities?: Record<string, { optional?: boolean } | undefined>;
        }
      | undefined;
    if (request?.version !== "2.0.0" || !Array.isArray(request.calls)) {
      return {
        error: { code: -32602, message: "wallet_sendCalls needs version 2.0.0 and calls." },
      };
    }
    if (request.calls.length === 0) {
      return { error: { code: -32602, message: "wallet_sendCalls needs at least one call." } };
    }
    if (request.from && !isAddressEqual(request.from, account.address)) {
      return { error: UNAUTHORIZED };
    }
    const chainId = Number(request.chainId);
    if (chainId !== LOCAL_CHAIN_ID) {
      return {
        error: {
          code: UNSUPPORTED_CHAIN,
          message: `Test Wallet cannot send calls on chain ${request.chainId}.`,
        },
      };
    }
    for (const [name, capability] of Object.entries(request.capabilities ?? {})) {
      if (!capability?.optional) {
        return {
          error: { code: UNSUPPORTED_CAPABILITY, message: `Test Wallet does not support ${name}.` },
        };
      }
    }
    if (request.atomicRequired && request.calls.length > 1) {
      return {
        error: {
          code: ATOMICITY_NOT_SUPPORTED,
          message: "Test Wallet cannot send calls atomically.",
        },
      };
    }
    const id =
      request.id ?? numberToHex(BigInt(`0x${randomUUID().replaceAll("-", "")}`), { size: 32 });
    if (state.bundles.has(id)) {
      return { error: { code: DUPLICATE_BUNDLE_ID, message: `Bundle ${id} was sent before.` } };
    }
    const bundle: CallBundle = {
      chainId,
      calls: request.calls.length,
      hashes: undefined,
      polls: 0,
    };
    state.bundles.set(id, bundle);
    const calls = request.calls;
    void (async () => {
      const hashes: Hex[] = [];
      try {
        for (const call of calls) hashes.push(await signAndSend(call));
        bundle.hashes = hashes;
      } catch {
        bundle.hashes = null;
      }
    })();
    return { result: { id } };
  }

  /** wallet_getCallsStatus: 100 until every call has a receipt, then 200, 500 or 600; 400 unsent. */
  async function getCallsStatus(params: unknown): Promise<Reply> {
    const id = Array.isArray(params) ? params[0] : undefined;
    const bundle = typeof id === "string" ? state.bundles.get(id) : undefined;
    if (!bundle) {
      return { error: { code: UNKNOWN_BUNDLE_ID, message: `Unknown bundle id ${String(id)}.` } };
    }
    bundle.polls += 1;
    const status = (code: number, receipts?: unknown[]) => ({
      result: {
        version: "2.0.0",
        id,
        chainId: numberToHex(bundle.chainId),
        status: code,
        atomic: bundle.calls === 1,
        ...(receipts ? { receipts } : {}),
      },
    });
    if (bundle.hashes === undefined || bundle.polls === 1) return status(100);
    if (bundle.hashes === null) return status(400);
    const receipts: {
      logs: unknown[];
      status: Hex;
      blockHash: Hex;
      blockNumber: Hex;
      gasUsed: Hex;
      transactionHash: Hex;
    }[] = [];
    for (const hash of bundle.hashes) {
      const reply = await forward("eth_getTransactionReceipt", [hash]);
      if ("error" in reply) return reply;
      if (!reply.result) return status(100);
      const receipt = reply.result as (typeof receipts)[number];
      receipts.push({
        logs: receipt.logs,
        status: receipt.status,
        blockHash: receipt.blockHash,
        blockNumber: receipt.blockNumber,
        gasUsed: receipt.gasUsed,
        transactionHash: receipt.transactionHash,
      });
    }
    const reverted = receipts.filter((receipt) => receipt.status !== "0x1").length;
    const code = reverted === 0 ? 200 : reverted === receipts.length ? 500 : 600;
    return status(code, receipts);
  }

  async function answer(method: string, params: unknown): Promise<Reply> {
    const list = Array.isArray(params) ? (params as unknown[]) : [];
    switch (method) {
      case "eth_requestAccounts": {
        const wasConnected = state.connected;
        state.connected = true;
        const events: WalletEvent[] = wasConnected
          ? []
          : [
              { event: "connect", data: { chainId: numberToHex(state.chainId) } },
              { event: "accountsChanged", data: [account.address] },
            ];
        return { result: [account.address], events };
      }
      case "eth_accounts":
        return { result: state.connected ? [account.address] : [] };
      case "eth_coinbase":
        return { result: state.connected ? account.address : null };
      case "eth_chainId":
        return { result: numberToHex(state.chainId) };
      case "net_version":
        return { result: String(state.chainId) };
      case "wallet_switchEthereumChain": {
        const chainId = Number((list[0] as { chainId?: Hex } | undefined)?.chainId);
        if (!state.knownChains.has(chainId)) {
          return {
            error: {
              code: 4902,
              message: `Unrecognized chain ID "${numberToHex(chainId)}". Try adding the chain using wallet_addEthereumChain first.`,
            },
          };
        }
        return { result: null, events: switchTo(chainId) };
      }
      case "wallet_addEthereumChain": {
        const chainId = Number((list[0] as { chainId?: Hex } | undefined)?.chainId);
        if (!Number.isSafeInteger(chainId) || chainId <= 0) {
          return { error: { code: -32602, message: "wallet_addEthereumChain needs a chainId." } };
        }
        state.knownChains.add(chainId);
        // Like MetaMask, adding a network also switches to it.
        return { result: null, events: switchTo(chainId) };
      }
      case "wallet_requestPermissions":
        // wagmi falls back to eth_requestAccounts, which is what the tests exercise.
        return { error: { code: 4200, message: "Test Wallet does not support this method." } };
      case "wallet_getPermissions":
        return {
          result: state.connected
            ? [
                {
                  parentCapability: "eth_accounts",
                  caveats: [{ type: "restrictReturnedAccounts", value: [account.address] }],
                },
              ]
            : [],
        };
      case "wallet_revokePermissions": {
        const wasConnected = state.connected;
        state.connected = false;
        return {
          result: null,
          events: wasConnected ? [{ event: "accountsChanged", data: [] }] : [],
        };
      }
      case "eth_sendTransaction":
        return sendTransaction(params);
      case "wallet_getCapabilities":
        if (!options.eip5792) break;
        return getCapabilities(params);
      case "wallet_sendCalls":
        if (!options.eip5792) break;
        return sendCalls(params);
      case "wallet_getCallsStatus":
        if (!options.eip5792) break;
        return getCallsStatus(params);
      case "personal_sign": {
        if (!state.connected) return { error: UNAUTHORIZED };
        const [message, address] = list as [string, Address];
        if (address && !isAddressEqual(address, account.address)) return { error: UNAUTHORIZED };
        const signature = await account.signMessage({
          message: isHex(message) ? { raw: message } : String(message),
        });
        return { result: signature };
      }
      case "eth_signTypedData_v4": {
        if (!state.connected) return { error: UNAUTHORIZED };
        const [address, raw] = list as [Address, string | object];
        if (!isAddressEqual(address, account.address)) return { error: UNAUTHORIZED };
        const typed = (typeof raw === "string" ? JSON.parse(raw) : raw) as TypedDataDefinition & {
          types: Record<string, unknown>;
        };
        const { EIP712Domain: _domainType, ...types } = typed.types;
        const signature = await account.signTypedData({ ...typed, types } as TypedDataDefinition);
        return { result: signature };
      }
    }
    if (NOT_FORWARDED.test(method)) {
      return { error: { code: 4200, message: `Test Wallet does not support ${method}.` } };
    }
    return forward(method, params);
  }

  async function onRequest(request: WalletRequest): Promise<Reply> {
    const method = String(request?.method);
    state.requests.push({ method, params: request?.params });
    const rejection = state.rejections.indexOf(method);
    if (rejection !== -1) {
      state.rejections.splice(rejection, 1);
      return { error: USER_REJECTED };
    }
    try {
      return await answer(method, request?.params);
    } catch (error) {
      return { error: toRpcError(error) };
    }
  }

  await page.exposeFunction(binding, onRequest);
  const injectArgs: InjectArgs = {
    binding,
    handle,
    info: {
      uuid: randomUUID(),
      name: options.name ?? "Test Wallet",
      icon: ICON,
      rdns: options.rdns ?? "dev.checkout.testwallet",
    },
    alsoWindowEthereum: options.alsoWindowEthereum ?? false,
  };
  // Sent as source text. Transpilers may wrap functions in a `__name(fn, "name")` helper (tsx and
  // esbuild do), which does not exist in the page, so the script defines a no-op one around it.
  await page.addInitScript({
    content: `(() => { const __name = (target) => target; (${injectProvider.toString()})(${JSON.stringify(injectArgs)}); })();`,
  });

  return {
    account,
    address: account.address,
    get sentTransactions() {
      return state.sent;
    },
    get requests() {
      return state.requests;
    },
    get chainId() {
      return state.chainId;
    },
    get connected() {
      return state.connected;
    },
    rejectNext(method) {
      state.rejections.push(method);
    },
    setGasLimit(gas) {
      state.gasLimit = gas;
    },
    async setChain(chainId) {
      state.knownChains.add(chainId);
      const events = switchTo(chainId);
      if (events.length === 0 || page.isClosed()) return;
      await page.evaluate(
        ({ name, events }) => {
          const target = (window as unknown as Record<string, unknown>)[name] as
            | { emit(event: string, data: unknown): void }
            | undefined;
          for (const { event, data } of events) target?.emit(event, data);
        },
        { name: handle, events },
      );
    },
    requestsOf(method) {
      return state.requests.filter((request) => request.method === method);
    },
  };
}

function toRpcError(error: unknown): RpcErrorObject {
  if (error instanceof BaseError) {
    const coded = error.walk((cause) => typeof (cause as { code?: unknown }).code === "number") as {
      code: number;
    } | null;
    return {
      code: coded?.code ?? -32603,
      message: error.shortMessage,
      data: error.details,
    };
  }
  return { code: -32603, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs in the page, before any of its scripts, on every navigation. Self-contained: Playwright
 * sends this function's source text, so it must not use anything from this module.
 */
function injectProvider(args: InjectArgs): void {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();

  class ProviderRpcError extends Error {
    code: number;
    data: unknown;
    constructor(code: number, message: string, data?: unknown) {
      super(message);
      this.name = "ProviderRpcError";
      this.code = code;
      this.data = data;
    }
  }

  function emit(event: string, payload: unknown): void {
    for (const listener of Array.from(listeners.get(event) ?? [])) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`Test Wallet: a "${event}" listener threw`, error);
      }
    }
  }

  const provider = {
    isMetaMask: false,
    isTestWallet: true,
    async request(request: { method: string; params?: unknown }): Promise<unknown> {
      if (!request || typeof request.method !== "string") {
        throw new ProviderRpcError(-32600, "Invalid request: method must be a string.");
      }
      const call = (window as unknown as Record<string, unknown>)[args.binding] as
        | ((request: { method: string; params: unknown }) => Promise<Reply>)
        | undefined;
      if (!call) throw new ProviderRpcError(4900, "Test Wallet is disconnected from the page.");
      const reply = await call({ method: request.method, params: request.params ?? [] });
      for (const { event, data } of reply.events ?? []) emit(event, data);
      if ("error" in reply) {
        throw new ProviderRpcError(reply.error.code, reply.error.message, reply.error.data);
      }
      return reply.result;
    },
    on(event: string, listener: Listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return provider;
    },
    addListener(event: string, listener: Listener) {
      return provider.on(event, listener);
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
    off(event: string, listener: Listener) {
      return provider.removeListener(event, listener);
    },
    removeAllListeners(event?: string) {
      if (event === undefined) listeners.clear();
      else listeners.delete(event);
      return provider;
    },
  };

  Object.defineProperty(window, args.handle, { value: { emit }, configurable: true });
  if (args.alsoWindowEthereum) {
    Object.defineProperty(window, "ethereum", { value: provider, configurable: true });
  }

  const detail = Object.freeze({ info: Object.freeze({ ...args.info }), provider });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
}
