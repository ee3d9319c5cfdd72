import { type Address, decodeFunctionData, type Hex, parseAbi } from "viem";

/**
 * How the common ERC-4337 accounts wrap their calls in a user operation's callData:
 * SimpleAccount and Simple7702Account (@account-abstraction/contracts 0.8, which Coinbase Smart
 * Wallet shares) and the older SimpleAccount's two executeBatch forms.
 */
export const accountExecuteAbi = parseAbi([
  "function execute(address target, uint256 value, bytes data)",
  "struct Call { address target; uint256 value; bytes data; }",
  "function executeBatch(Call[] calls)",
  "function executeBatch(address[] dest, uint256[] value, bytes[] func)",
  "function executeBatch(address[] dest, bytes[] func)",
]);

export type AccountCall = { to: Address; value: bigint; data: Hex };

/**
 * The calls a user operation's callData runs, or null when it is none of the forms above (or is
 * malformed: arrays of different lengths, trailing garbage viem refuses).
 */
export function decodeAccountCalls(callData: Hex): AccountCall[] | null {
  let decoded: ReturnType<typeof decodeFunctionData<typeof accountExecuteAbi>>;
  try {
    decoded = decodeFunctionData({ abi: accountExecuteAbi, data: callData });
  } catch {
    return null;
  }
  if (decoded.functionName === "execute") {
    const [to, value, data] = decoded.args;
    return [{ to, value, data }];
  }
  const args = decoded.args as readonly unknown[];
  if (args.length === 1) {
    const [calls] = args as [readonly { target: Address; value: bigint; data: Hex }[]];
    return calls.map((call) => ({ to: call.target, value: call.value, data: call.data }));
  }
  if (args.length === 3) {
    const [targets, values, datas] = args as [
      readonly Address[],
      readonly bigint[],
      readonly Hex[],
    ];
    // SimpleAccount 0.7 takes an empty value array as "no value": anything else must line up.
    if (datas.length !== targets.length) return null;
    if (values.length !== 0 && values.length !== targets.length) return null;
    return targets.map((to, index) => ({ to, value: values[index] ?? 0n, data: datas[index]! }));
  }
  const [targets, datas] = args as [readonly Address[], readonly Hex[]];
  if (datas.length !== targets.length) return null;
  return targets.map((to, index) => ({ to, value: 0n, data: datas[index]! }));
}
