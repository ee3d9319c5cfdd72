/**
 * An x402 payment refused before or while it is settled: the reason is what the answer names (a
 * 402's `error`, a facilitator's `invalidReason` or `errorReason`), the message a sentence for it.
 */
export class X402Refusal extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
