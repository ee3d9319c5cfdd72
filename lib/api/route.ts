import "server-only";
import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { type Database, getDb } from "../db/client";
import { ApiError, fromZodError } from "./errors";
import { idempotencyKeyFrom, requestHash, runIdempotently } from "./idempotency";
import { type AuthenticatedKey, authenticateApiKey } from "./keys";
import { limitApiKey, limitClientAddress } from "./limits";
import { MAX_BODY_BYTES } from "./request";

type NextRouteContext<Params> = { params: Promise<Params> };

export type PublicRouteContext<Params> = {
  request: Request;
  params: Params;
  db: Database;
  requestId: string;
};

export type ApiRouteContext<Params> = PublicRouteContext<Params> & { auth: AuthenticatedKey };

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

function errorResponse(error: unknown, requestId: string): Response {
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof ZodError) apiError = fromZodError(error);
  else if (isClientAbort(error)) {
    // The client hung up while sending the body: nobody will read this answer, nothing to log.
    apiError = new ApiError(400, "invalid_json", "The request body was not received completely.");
  } else {
    // Unexpected: log it with the request id (never request bodies or headers) and answer 500.
    console.error(`[${requestId}] unhandled error:`, error);
    apiError = new ApiError(500, "internal_error", "Something went wrong on our side.");
  }
  const response = json(apiError.toJSON(), apiError.status);
  if (apiError.retryAfterSeconds !== undefined) {
    response.headers.set("retry-after", String(apiError.retryAfterSeconds));
  }
  return response;
}

function isClientAbort(error: unknown): boolean {
  return (
    error instanceof Error &&
    ((error as { code?: string }).code === "ECONNRESET" || error.message === "aborted")
  );
}

export function newRequestId(): string {
  return `req_${randomUUID().replaceAll("-", "")}`;
}

/** Runs a handler: errors become JSON answers; every answer gets a request id and no-store. */
export async function answer(requestId: string, run: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    response = errorResponse(error, requestId);
  }
  response.headers.set("x-request-id", requestId);
  response.headers.set("cache-control", "no-store");
  return response;
}

/**
 * A route handler for public endpoints (the checkout page and its links): rate-limited per client
 * address, errors as JSON, a request id on every answer.
 */
export function publicRoute<Params = Record<string, never>>(
  handler: (context: PublicRouteContext<Params>) => Promise<Response>,
) {
  return (request: Request, context: NextRouteContext<Params>): Promise<Response> => {
    const requestId = newRequestId();
    return answer(requestId, async () => {
      limitClientAddress(request);
      const [db, params] = await Promise.all([getDb(), context.params]);
      return handler({ request, params, db, requestId });
    });
  };
}

/**
 * A route handler of the merchant API: authenticates the Bearer key, rate-limits per key, and
 * makes POSTs with an Idempotency-Key safe to retry.
 */
export function apiRoute<Params = Record<string, never>>(
  handler: (context: ApiRouteContext<Params>) => Promise<Response>,
) {
  return (request: Request, context: NextRouteContext<Params>): Promise<Response> => {
    const requestId = newRequestId();
    return answer(requestId, async () => {
      const [db, params] = await Promise.all([getDb(), context.params]);
      const auth = await authenticateApiKey(db, request);
      limitApiKey(auth.keyId);
      const routeContext = { request, params, db, requestId, auth };
      const key = request.method === "POST" ? idempotencyKeyFrom(request) : null;
      if (!key) return handler(routeContext);

      const hash = requestHash(
        request.method,
        new URL(request.url).pathname,
        await bodyForHash(request),
      );
      const result = await runIdempotently(
        db,
        { merchantId: auth.merchant.id, livemode: auth.livemode, key },
        hash,
        async () => {
          const response = await handler(routeContext).catch((error) =>
            errorResponse(error, requestId),
          );
          return { status: response.status, body: await response.json() };
        },
      );
      const response = json(result.body, result.status);
      if (result.replayed) response.headers.set("idempotent-replayed", "true");
      return response;
    });
  };
}

/** The body's text for the request hash, read from a copy; past the size limit only its size counts. */
async function bodyForHash(request: Request): Promise<string> {
  const reader = request.clone().body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return `too large: ${size}`;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
