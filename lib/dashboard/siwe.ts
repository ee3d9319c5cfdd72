import "server-only";
import { type Address, type Hex, isHex, verifyMessage } from "viem";
import { parseSiweMessage, validateSiweMessage } from "viem/siwe";
import { chainVouches } from "../chains/contractSignature";
import { getPaymentChains, type PaymentChain } from "../chains/registry";
import type { Executor } from "../db/client";
import { DomainError } from "../errors";
import { consumeNonce } from "./sessions";

/** A SIWE message longer than this is not one the dashboard wrote. */
const MAX_MESSAGE_LENGTH = 2000;

function refuse(message: string): DomainError {
  return new DomainError("siwe_invalid", message);
}

/**
 * Checks an EIP-4361 sign-in: the message names this app's domain and URI, a configured chain
 * and an unused nonce this server issued, is within its time bounds, and is signed by its address
 * (an ordinary account, or a smart-contract wallet through the chain: ERC-1271 / ERC-6492).
 * The nonce is spent by the first attempt that gets that far, valid or not. A chain that cannot
 * be asked is `chain_unavailable`, not a failed sign-in: it says nothing of the signature.
 */
export async function verifySignIn(
  db: Executor,
  parameters: {
    message: unknown;
    signature: unknown;
    publicUrl: string;
    now?: Date;
    chains?: PaymentChain[];
  },
): Promise<Address> {
  const { message, signature } = parameters;
  if (typeof message !== "string" || message.length === 0 || message.length > MAX_MESSAGE_LENGTH) {
    throw new DomainError("parameter_invalid", "message must be a sign-in message.", "message");
  }
  if (typeof signature !== "string" || !isHex(signature) || signature.length > 20_000) {
    throw new DomainError("parameter_invalid", "signature must be a 0x hex string.", "signature");
  }
  const now = parameters.now ?? new Date();
  const app = new URL(parameters.publicUrl);
  const fields = parseSiweMessage(message);
  if (!fields.address || !fields.nonce || !fields.chainId || !fields.uri) {
    throw refuse("This is not a complete sign-in message.");
  }
  if (
    !validateSiweMessage({ message: fields, domain: app.host, scheme: fields.scheme, time: now })
  ) {
    throw refuse(`This sign-in message is not for ${app.host}, or it has expired.`);
  }
  if (fields.scheme && `${fields.scheme}:` !== app.protocol) {
    throw refuse(`This sign-in message is not for ${app.host}.`);
  }
  let uri: URL;
  try {
    uri = new URL(fields.uri);
  } catch {
    throw refuse("The sign-in message's URI is not a URL.");
  }
  if (uri.origin !== app.origin) throw refuse(`This sign-in message is not for ${app.origin}.`);
  const chain = (parameters.chains ?? getPaymentChains()).find(
    (candidate) => candidate.id === fields.chainId,
  );
  if (!chain) throw refuse(`Chain ${fields.chainId} is not one this deployment uses.`);
  if (!(await consumeNonce(db, fields.nonce, now))) {
    throw refuse("This sign-in request was already used or has expired; sign in again.");
  }
  const address = fields.address;
  const signed = signature as Hex;
  let valid = false;
  try {
    valid = await verifyMessage({ address, message, signature: signed });
  } catch {
    valid = false;
  }
  if (!valid) {
    // Not an ordinary account's signature: a smart-contract wallet may still vouch for it.
    valid = await chainVouches(
      chain,
      address,
      (client) => client.verifyMessage({ address, message, signature: signed }),
      "sign in again",
    );
  }
  if (!valid) throw refuse("The signature does not match the sign-in message's address.");
  return address;
}
