import "server-only";
import type { Database } from "../db/client";
import { DomainError } from "../errors";
import { type AuthenticatedKey, findActiveApiKey } from "../merchants/keyLookup";
import { throttledAuthentication } from "./limits";

/**
 * Resolves `Authorization: Bearer sk_...` to its merchant, or throws api_key_missing/invalid.
 * A key that is not one in form is refused before any database read; failures are throttled per
 * client address (429 with Retry-After once too many).
 */
export function authenticateApiKey(db: Database, request: Request): Promise<AuthenticatedKey> {
  return throttledAuthentication(request, ["api_key_invalid"], () => lookUpKey(db, request));
}

async function lookUpKey(db: Database, request: Request): Promise<AuthenticatedKey> {
  const header = request.headers.get("authorization");
  if (!header) {
    throw new DomainError(
      "api_key_missing",
      "Send your API key as Authorization: Bearer sk_test_... or sk_live_...",
    );
  }
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? "";
  const found = await findActiveApiKey(db, key);
  if (!found) throw new DomainError("api_key_invalid", "The API key is not valid.");
  return found;
}
