import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { ZodError } from "zod";
import { getConfig } from "../config/config";
import { getDb } from "../db/client";
import { readAdminToken } from "../db/dataDirLock";
import { DomainError, fromZodError } from "../errors";
import { describeFailure } from "../logSafe";
import { runAdminCommand } from "../merchants/adminCommands";
import { httpError } from "./errors";
import { throttledAuthentication } from "./limits";
import { readJsonBody } from "./request";

/**
 * Only a holder of DATA_DIR/admin-token may run admin commands. Without a token file the endpoint
 * does not exist (404); a missing or wrong token is a 401. Compared in constant time.
 */
export function checkAdminToken(request: Request, expectedToken: string | null): void {
  if (!expectedToken) throw new DomainError("resource_not_found", "No such endpoint.", null);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) {
    throw new DomainError(
      "api_key_missing",
      "Send the admin token from DATA_DIR/admin-token as Authorization: Bearer <token>.",
    );
  }
  // Digests have equal lengths whatever was sent, as timingSafeEqual requires.
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  if (!timingSafeEqual(digest(match[1]!), digest(expectedToken))) {
    throw new DomainError("api_key_invalid", "The admin token is not valid.");
  }
}

/** POST /api/internal/admin: one admin command as JSON, answered with its result. */
export async function handleAdminRequest(request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  try {
    await throttledAuthentication(request, ["api_key_invalid", "api_key_missing"], () =>
      checkAdminToken(request, readAdminToken(getConfig().dataDir)),
    );
    const command = await readJsonBody(request);
    const result = await runAdminCommand(await getDb(), command);
    return Response.json(result, { headers });
  } catch (error) {
    let domainError: DomainError;
    if (error instanceof DomainError) domainError = error;
    else if (error instanceof ZodError) domainError = fromZodError(error);
    else {
      // Never the body: a command answer may carry a new key.
      console.error(`Admin command failed: ${describeFailure(error)}`);
      domainError = new DomainError("internal_error", "Something went wrong on our side.");
    }
    const { status, body } = httpError(domainError);
    return Response.json(body, { status, headers });
  }
}
