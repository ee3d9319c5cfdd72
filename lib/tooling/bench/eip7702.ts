/**
 * `npm run bench:eip7702`: gas per payment from an EIP-7702 account (an EOA delegated to
 * Simple7702Account, @account-abstraction/contracts 0.8) next to an ordinary wallet, on a private
 * anvil with the test USDC (Circle's FiatToken v2.2):
 *
 * - a bare ERC-20 transfer, and the payment option's transfer with its 16-byte reference, from an
 *   account that holds USDC to a merchant that already holds some;
 * - the first batch, which carries the account's authorization (a type-4 transaction): an approve,
 *   then the option's transfer;
 * - once delegated: the option's transfer alone in executeBatch, an approve then the transfer, and
 *   two payments in one executeBatch (per payment).
 *
 * Every figure but the first batch's is a steady state: the merchant already holds the token and
 * the account has paid before, as a returning shopper's would.
 */
import {
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hash,
  type Hex,
  http,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devAccount } from "../../chains/devAccounts";
import { transferCalldata } from "../../invoices/paymentOptions";
import { type BatchCall, delegatedAccount, deploySimple7702Account } from "../testing/eip7702";
import { startBenchChain } from "./localChain";

const bench = await startBenchChain();
try {
  const usdc = bench.chain.tokens.find((token) => token.symbol === "USDC")!.address;
  const merchant = privateKeyToAccount(generatePrivateKey()).address;
  const amount = 12_500_000n; // 12.50 USDC
  const wallet = createWalletClient({
    account: devAccount(1),
    chain: bench.chain.chain,
    transport: http(bench.rpcUrl),
  });
  const gasOf = async (hash: Hash) =>
    (await bench.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })).gasUsed;
  const send = async (data: Hex) =>
    gasOf(await wallet.sendTransaction({ to: usdc, data, value: 0n }));
  const reference = () => toHex(crypto.getRandomValues(new Uint8Array(16)));
  const bareTransfer = transferCalldata(merchant, amount, "0x");
  const payment = (): BatchCall => ({
    to: usdc,
    data: transferCalldata(merchant, amount, reference()),
  });
  const approve = (): BatchCall => ({
    to: usdc,
    data: encodeFunctionData({
      abi: erc20Abi,
      functionName: "approve",
      args: [privateKeyToAccount(generatePrivateKey()).address, amount],
    }),
  });

  // The merchant's first balance is written once, before anything is measured.
  await send(bareTransfer);
  const figures: [string, bigint][] = [
    ["bare ERC-20 transfer (EOA)", await send(bareTransfer)],
    ["option's transfer + reference (EOA)", await send(payment().data)],
  ];

  const implementation = await deploySimple7702Account(bench.rpcUrl, devAccount(7));
  const account = delegatedAccount(bench.rpcUrl, devAccount(2), implementation);
  await send(transferCalldata(account.address, 100n * amount, "0x"));
  const batch = (calls: BatchCall[]) => account.executeBatch(calls).then(gasOf);
  figures.push([
    "approve + payment, first batch with authorization (type 4)",
    await batch([approve(), payment()]),
  ]);
  await batch([payment()]);
  figures.push(["option's transfer in executeBatch (delegated)", await batch([payment()])]);
  figures.push([
    "approve + payment in executeBatch (delegated)",
    await batch([approve(), payment()]),
  ]);
  figures.push([
    "two payments in one executeBatch, each",
    (await batch([payment(), payment()])) / 2n,
  ]);

  const bare = figures[0]![1];
  console.log(`Gas per payment of ${amount} base units of USDC (FiatToken v2.2), holder to holder`);
  console.log(`  ${"payment".padEnd(60)} ${"gas".padStart(7)}  vs bare`);
  for (const [label, gas] of figures) {
    const ratio = (Number(gas) / Number(bare)).toFixed(2);
    console.log(`  ${label.padEnd(60)} ${gas.toLocaleString("en").padStart(7)}  ${ratio}x`);
  }
  await account.revoke();
} finally {
  await bench.stop();
}
process.exit(0);
