import "server-only";
import { type Database, getDb } from "../db/client";
import type { ErrorCode } from "../errors";
import { asDomainError, HTTP_STATUS } from "./errors";
import { limitClientAddress } from "./limits";
import { newRequestId } from "./route";
import { checkPathParams } from "./text";

/** JSON-RPC 2.0 error codes (EIP-1474, and ERC-4337's -32501 "rejected by paymaster"). */
const JSON_RPC_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_json: -32700,
  unsupported_content_type: -32600,
  body_too_large: -32600,
  request_timeout: -32600,
  parameter_invalid: -32602,
  parameter_missing: -32602,
  parameter_unknown: -32602,
  resource_not_found: -32602,
  invoice_not_payable: -32501,
  sponsorship_unavailable: -32501,
  sponsorship_refused: -32501,
  rate_limited: -32005,
};

export type JsonRpcRouteContext<Params> = {
  request: Request;
  params: Params;
  db: Database;
  /** The request's JSON-RPC id, once the handler has read it, for the error answer. */
  setId(id: string | number | null): void;
};

/**
 * A public route that speaks JSON-RPC 2.0 (such as an ERC-7677 paymaster service): rate-limited
 * per client address like publicRoute, and every error a JSON-RPC error object, with the HTTP
 * status its code has everywhere else and the product's code in `data`. The handler returns the
 * `result` or `error` member to answer with.
 */
export function jsonRpcRoute<Params>(
  handler: (
    context: JsonRpcRouteContext<Params>,
  ) => Promise<{ result: unknown } | { error: { code: number; message: string } }>,
) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = newRequestId();
    let id: string | number | null = null;
    let response: Response;
    try {
      limitClientAddress(request);
      const [db, params] = await Promise.all([getDb(), context.params]);
      checkPathParams(params);
      const answer = await handler({ request, params, db, setId: (value) => (id = value) });
      // An error the upstream service answered is a refusal of this request, never a 200.
      response = Response.json(
        { jsonrpc: "2.0", id, ...answer },
        { status: "error" in answer ? 422 : 200 },
      );
    } catch (error) {
      const domainError = asDomainError(error, requestId);
      response = Response.json(
        {
          jsonrpc: "2.0",
          id,
          error: {
            code: JSON_RPC_CODE[domainError.code] ?? -32603,
            message: domainError.message,
            data: { code: domainError.code, param: domainError.param },
          },
        },
        { status: HTTP_STATUS[domainError.code] },
      );
      if (domainError.retryAfterSeconds !== undefined) {
        response.headers.set("retry-after", String(domainError.retryAfterSeconds));
      }
    }
    response.headers.set("x-request-id", requestId);
    response.headers.set("cache-control", "no-store");
    response.headers.set("access-control-allow-origin", "*");
    return response;
  };
}

/**
 * The CORS preflight: a wallet calls the service from its own origin (an extension, a wallet's
 * web page). Any origin may: the route takes no cookie or key, and checks every request alike.
 */
export function jsonRpcPreflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "600",
      allow: "POST, OPTIONS",
    },
  });
}
