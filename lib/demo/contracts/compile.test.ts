import { describe, expect, it } from "vitest";
import { compileTestStablecoin } from "./compile";
import {
  testStablecoinAbi,
  testStablecoinBytecode,
  testStablecoinCompiler,
} from "./testStablecoin.artifact";

const STALE =
  "testStablecoin.artifact.ts is out of date with TestStablecoin.sol: run `npm run contracts:compile`";

// The deployed addresses come from the committed bytecode; this proves it is the source's bytecode.
describe("TestStablecoin artifact", () => {
  const compiled = compileTestStablecoin();

  it("was built by the pinned compiler", () => {
    expect(compiled.compilerVersion, STALE).toBe(testStablecoinCompiler);
  });

  it("has the ABI the source compiles to", () => {
    expect(compiled.abi, STALE).toEqual(testStablecoinAbi);
  });

  it("has the bytecode the source compiles to", () => {
    // Compared as a boolean: a diff of two 8 KB hex strings helps nobody; the message says what to do.
    expect(compiled.bytecode === testStablecoinBytecode, STALE).toBe(true);
  });
});
