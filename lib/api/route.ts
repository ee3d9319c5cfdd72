import "server-only";
import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { type Database, getDb } from "../db/client";
import { ApiError, fromZodError } from "./errors";
import { type AuthenticatedKey, authenticateApiKey } from "./keys";

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
  else {
    // Unexpected: log it with the request id (never request bodies or headers) and answer 500.
    console.error(`[${requestId}] unhandled error:`, error);
    apiError = new ApiError(500, "internal_error", "Something went wrong on our side.");
  }
  return json(apiError.toJSON(), apiError.status);
}

/** A route handler for public endpoints (the checkout page): errors as JSON, a request id. */
export function publicRoute<Params = Record<string, never>>(
  handler: (context: PublicRouteContext<Params>) => Promise<Response>,
) {
  return async (request: Request, context: NextRouteContext<Params>): Promise<Response> => {
    const requestId = `req_${randomUUID().replaceAll("-", "")}`;
    let response: Response;
    try {
      const [db, params] = await Promise.all([getDb(), context.params]);
      response = await handler({ request, params, db, requestId });
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    response.headers.set("x-request-id", requestId);
    response.headers.set("cache-control", "no-store");
    return response;
  };
}

/** A route handler of the merchant API: authenticates the Bearer key before the handler runs. */
export function apiRoute<Params = Record<string, never>>(
  handler: (context: ApiRouteContext<Params>) => Promise<Response>,
) {
  return publicRoute<Params>(async (context) => {
    const auth = await authenticateApiKey(context.db, context.request);
    return handler({ ...context, auth });
  });
}
