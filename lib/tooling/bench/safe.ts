/**
 * `npm run bench:safe`: gas per payment from a Safe (@safe-global/safe-smart-account 1.5.0) next to an
 * ordinary wallet, on a private anvil with the test USDC (Circle's FiatToken v2.2):
 *
 * - a bare ERC-20 transfer, and the payment option's transfer with its 16-byte reference, from an
 *   account that holds USDC to a merchant that already holds some;
 * - the same call through execTransaction from a 1-of-1 and a 2-of-3 Safe, on the `Safe`
 *   singleton (Ethereum) and on `SafeL2` (which also logs each transaction, as L2 chains use);
 * - two payments in one execTransaction through MultiSendCallOnly, per payment.
 *
 * Every figure is a steady state: the merchant already holds the token and each Safe has made a
 * transaction before (its nonce and balance slots are not new), as a returning shopper's would.
 */
import { createWalletClient, type Hash, type Hex, http, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devAccount } from "../../chains/devAccounts";
import { transferCalldata } from "../../invoices/paymentOptions";
import {
  createSafe,
  deploySafeContracts,
  multiSendCall,
  type SafeSingleton,
} from "../testing/safe";
import { startBenchChain } from "./localChain";

const bench = await startBenchChain();
try {
  const usdc = bench.chain.tokens.find((token) => token.symbol === "USDC")!.address;
  const merchant = privateKeyToAccount(generatePrivateKey()).address;
  const amount = 12_500_000n; // 12.50 USDC
  const shopper = devAccount(1);
  const wallet = createWalletClient({
    account: shopper,
    chain: bench.chain.chain,
    transport: http(bench.rpcUrl),
  });
  const gasOf = async (hash: Hash) =>
    (await bench.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })).gasUsed;
  const send = async (to: `0x${string}`, data: Hex) =>
    gasOf(await wallet.sendTransaction({ to, data, value: 0n }));
  const reference = () => toHex(crypto.getRandomValues(new Uint8Array(16)));
  const bareTransfer = transferCalldata(merchant, amount, "0x");
  const optionTransfer = () => transferCalldata(merchant, amount, reference());

  // The merchant's first balance is written once, before anything is measured.
  await send(usdc, bareTransfer);
  const figures: [string, bigint][] = [
    ["bare ERC-20 transfer (EOA)", await send(usdc, bareTransfer)],
    ["option's transfer + reference (EOA)", await send(usdc, optionTransfer())],
  ];

  for (const singleton of ["Safe", "SafeL2"] as SafeSingleton[]) {
    const contracts = await deploySafeContracts(bench.rpcUrl, devAccount(7), { singleton });
    for (const [label, owners, threshold] of [
      ["1-of-1", [devAccount(2)], 1],
      ["2-of-3", [devAccount(3), devAccount(4), devAccount(5)], 2],
    ] as const) {
      const safe = await createSafe(bench.rpcUrl, contracts, {
        owners,
        threshold,
        deployer: devAccount(7),
      });
      await send(usdc, transferCalldata(safe.address, 100n * amount, "0x"));
      const executor = devAccount(6);
      const pay = () =>
        safe.execute({ to: usdc, data: optionTransfer() }, { executor }).then(gasOf);
      await pay();
      figures.push([`option's transfer + reference, ${label} ${singleton}`, await pay()]);
      const batch = await safe
        .execute(
          multiSendCall(contracts, [
            { to: usdc, data: optionTransfer() },
            { to: usdc, data: optionTransfer() },
          ]),
          { executor },
        )
        .then(gasOf);
      figures.push([`two payments by MultiSend, ${label} ${singleton}, each`, batch / 2n]);
    }
  }

  const bare = figures[0]![1];
  console.log(`Gas per payment of ${amount} base units of USDC (FiatToken v2.2), holder to holder`);
  console.log(`  ${"payment".padEnd(54)} ${"gas".padStart(7)}  vs bare`);
  for (const [label, gas] of figures) {
    const ratio = (Number(gas) / Number(bare)).toFixed(2);
    console.log(`  ${label.padEnd(54)} ${gas.toLocaleString("en").padStart(7)}  ${ratio}x`);
  }
  // The reference's 16 bytes are calldata wherever the call sits: at most 16 * 16 gas more.
  const withReference = figures[1]![1] - bare;
  console.log(`  reference's own cost from an EOA: ${withReference} gas`);
} finally {
  await bench.stop();
}
process.exit(0);
