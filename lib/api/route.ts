import "server-only";
import { randomUUID } from "node:crypto";
import { dashboardLivemode } from "../dashboard/mode";
import { type Database, getDb } from "../db/client";
import type { AuthenticatedKey } from "../merchants/keyLookup";
import type { Merchant } from "../merchants/merchants";
import { hasSessionCookie, sessionMerchant } from "./dashboardRoute";
import { errorResponse } from "./errors";
import { idempotencyKeyFrom, requestHash, runIdempotently } from "./idempotency";
import { authenticateApiKey } from "./keys";
import { limitApiKey, limitClientAddress } from "./limits";
import { MAX_BODY_BYTES } from "./request";
import { checkPathParams } from "./text";

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
      checkPathParams(params);
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
      checkPathParams(params);
      const auth = await authenticateApiKey(db, request);
      limitApiKey(auth.keyId);
      return idempotently({ request, db, requestId, auth }, () =>
        handler({ request, params, db, requestId, auth }),
      );
    });
  };
}

export type MerchantRouteContext<Params> = PublicRouteContext<Params> & {
  merchant: Merchant;
  livemode: boolean;
  /** How the merchant was found: an API key, or the dashboard's session (a signed-in wallet). */
  door: "api_key" | "session";
};

/**
 * One handler for both doors, as the merchant API and the dashboard serve the same objects: an
 * `Authorization: Bearer` key (its merchant and mode, rate-limited per key, a POST with an
 * Idempotency-Key replayed), or the dashboard's session cookie (its merchant in the dashboard's
 * mode, CSRF-checked on every change, rate-limited per client address). With neither, the
 * answer names what the path expects: a key under /api/v1, a session under /api/dashboard.
 */
export function merchantRoute<Params = Record<string, never>>(
  handler: (context: MerchantRouteContext<Params>) => Promise<Response>,
) {
  return (request: Request, context: NextRouteContext<Params>): Promise<Response> => {
    const requestId = newRequestId();
    return answer(requestId, async () => {
      const [db, params] = await Promise.all([getDb(), context.params]);
      checkPathParams(params);
      const dashboard = new URL(request.url).pathname.startsWith("/api/dashboard/");
      if (request.headers.has("authorization") || !(dashboard || hasSessionCookie(request))) {
        const auth = await authenticateApiKey(db, request);
        limitApiKey(auth.keyId);
        const routeContext = { request, params, db, requestId };
        return idempotently({ request, db, requestId, auth }, () =>
          handler({
            ...routeContext,
            merchant: auth.merchant,
            livemode: auth.livemode,
            door: "api_key",
          }),
        );
      }
      limitClientAddress(request);
      const merchant = await sessionMerchant(db, request);
      return handler({
        request,
        params,
        db,
        requestId,
        merchant,
        livemode: dashboardLivemode(),
        door: "session",
      });
    });
  };
}

/** Runs a key's POST once per Idempotency-Key: a repeat gets the first answer. */
async function idempotently(
  parameters: { request: Request; db: Database; requestId: string; auth: AuthenticatedKey },
  run: () => Promise<Response>,
): Promise<Response> {
  const { request, db, requestId, auth } = parameters;
  const key = request.method === "POST" ? idempotencyKeyFrom(request) : null;
  if (!key) return run();
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
      const response = await run().catch((error) => errorResponse(error, requestId));
      return { status: response.status, body: await response.json() };
    },
  );
  const response = json(result.body, result.status);
  if (result.replayed) response.headers.set("idempotent-replayed", "true");
  return response;
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
