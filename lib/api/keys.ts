import "server-only";
import type { Database } from "../db/client";
import { DomainError } from "../errors";
import { type AuthenticatedKey, findActiveApiKey } from "../merchants/keyLookup";

/** Resolves `Authorization: Bearer sk_...` to its merchant, or throws api_key_missing/invalid. */
export async function authenticateApiKey(
  db: Database,
  request: Request,
): Promise<AuthenticatedKey> {
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
