/**
 * `npm run bench:smart-accounts`: the gas of a payment from an ERC-4337 SimpleAccount (EntryPoint
 * v0.8, through a real @pimlico/alto bundler, no paymaster) next to the same payment sent by a
 * plain wallet, on a private anvil with the test USDC (Circle's FiatToken v2.2). The merchant's
 * address already holds USDC in every case, so each transfer writes the same storage.
 *
 * For a user operation it prints the bundle transaction's gas (what the bundler's key pays) and the
 * operation's actualGasUsed (what the EntryPoint charges the account, its prefund's measure).
 */
import { type Address, type Hash, type Hex, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devAccount } from "../../chains/devAccounts";
import { transferCalldata } from "../../invoices/paymentOptions";
import {
  bundlerClientFor,
  deployErc4337Contracts,
  type SentUserOperation,
  sendUserOperation,
  startBundler,
  toTestSimpleAccount,
} from "../testing/erc4337";
import { createSender, startBenchChain } from "./localChain";

const RUNS = 5;

type Row = { label: string; transactionGas: bigint; operationGas?: bigint; payments: number };

const reference = (): Hex => toHex(crypto.getRandomValues(new Uint8Array(16)));

async function main() {
  const bench = await startBenchChain();
  const contracts = await deployErc4337Contracts(bench.rpcUrl, devAccount(7));
  const bundler = await startBundler(bench.rpcUrl, contracts.entryPoint);
  try {
    const usdc = bench.chain.tokens.find((token) => token.symbol === "USDC")!.address;
    const merchant = privateKeyToAccount(generatePrivateKey()).address;
    const sender = createSender(bench);
    const gasOf = async (hash: Hash) =>
      (await bench.publicClient.waitForTransactionReceipt({ hash })).gasUsed;
    const wallet = async (data: Hex) => {
      await sender.syncNonces();
      return gasOf(await sender.send(usdc, data));
    };
    const payment = (amount: bigint) => transferCalldata(merchant, amount, reference());

    // The merchant holds USDC before anything is measured.
    await wallet(sender.transferData(merchant, 1n));

    const account = await toTestSimpleAccount({
      rpcUrl: bench.rpcUrl,
      contracts,
      owner: privateKeyToAccount(generatePrivateKey()),
    });
    await wallet(sender.transferData(account.address, 1_000_000_000n));
    await bench.testClient.setBalance({ address: account.address, value: 10n ** 18n });
    const client = bundlerClientFor(bench.rpcUrl, bundler, account);
    const operation = async (calls: { to: Address; data: Hex }[]) => {
      const sent: SentUserOperation = await sendUserOperation(client, calls);
      if (!sent.receipt.success) throw new Error(`User operation ${sent.userOperationHash} failed`);
      return {
        transactionGas: await gasOf(sent.transactionHash),
        operationGas: sent.receipt.actualGasUsed,
      };
    };

    const rows: Row[] = [];
    const median = (values: bigint[]) =>
      [...values].sort((a, b) => (a < b ? -1 : 1))[values.length >> 1]!;
    const repeat = async (
      label: string,
      payments: number,
      run: () => Promise<Omit<Row, "label" | "payments">>,
    ) => {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run());
      rows.push({
        label,
        payments,
        transactionGas: median(runs.map((r) => r.transactionGas)),
        operationGas:
          runs[0]!.operationGas === undefined
            ? undefined
            : median(runs.map((r) => r.operationGas!)),
      });
    };

    rows.push({
      label: "wallet: transfer, no reference",
      payments: 1,
      transactionGas: await wallet(sender.transferData(merchant, 1_250_000n)),
    });
    await repeat("wallet: transfer + reference", 1, async () => ({
      transactionGas: await wallet(payment(1_250_000n)),
    }));
    // The account's first operation deploys it (createAccount through the EntryPoint).
    rows.push({
      label: "SimpleAccount, first operation (deploys it)",
      payments: 1,
      ...(await operation([{ to: usdc, data: payment(1_250_000n) }])),
    });
    await repeat("SimpleAccount: execute", 1, () =>
      operation([{ to: usdc, data: payment(1_250_000n) }]),
    );
    await repeat("SimpleAccount: executeBatch of 2", 2, () =>
      operation([
        { to: usdc, data: payment(1_250_000n) },
        { to: usdc, data: payment(2_500_000n) },
      ]),
    );

    const bare = rows[1]!.transactionGas;
    console.log(
      `Gas per payment (USDC to an address that holds it; median of ${RUNS} where repeated)`,
    );
    console.log(
      "| payment | bundle/transaction gas | user operation actualGasUsed | per payment | vs wallet |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const row of rows) {
      const perPayment = row.transactionGas / BigInt(row.payments);
      const ratio = Number((perPayment * 100n) / bare) / 100;
      console.log(
        `| ${row.label} | ${row.transactionGas.toLocaleString("en")} | ${row.operationGas?.toLocaleString("en") ?? "-"} | ${perPayment.toLocaleString("en")} | ${ratio.toFixed(2)}x |`,
      );
    }
  } finally {
    await bundler.stop();
    await bench.stop();
  }
}

await main();
