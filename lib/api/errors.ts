import { ZodError, type z } from "zod";
import { DomainError, type ErrorCode, fromZodError } from "../errors";
import { describeFailure } from "../logSafe";
import type { errorSchema } from "./errorSchema";

export type ApiErrorType = ApiErrorBody["error"]["type"];

/** The one place a code becomes an HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  unsupported_content_type: 415,
  request_timeout: 408,
  body_too_large: 413,
  parameter_invalid: 400,
  parameter_missing: 400,
  parameter_unknown: 400,
  currency_not_accepted: 400,
  route_not_found: 404,
  method_not_allowed: 405,
  api_key_missing: 401,
  api_key_invalid: 401,
  session_missing: 401,
  session_invalid: 401,
  csrf_failed: 403,
  siwe_invalid: 401,
  merchant_required: 403,
  owner_required: 403,
  signup_closed: 403,
  resource_not_found: 404,
  invoice_not_cancelable: 409,
  payment_link_inactive: 409,
  delivery_in_progress: 409,
  member_exists: 409,
  last_owner: 409,
  settlement_unconfirmed: 422,
  confirmation_expired: 422,
  idempotency_key_reuse: 409,
  idempotency_key_in_use: 409,
  wrong_chain: 422,
  transaction_failed: 422,
  no_matching_transfer: 422,
  reference_mismatch: 422,
  amount_too_small: 422,
  token_not_accepted: 422,
  transaction_already_used: 422,
  invoice_not_payable: 422,
  invoice_gone: 410,
  gasless_unavailable: 422,
  authorization_mismatch: 422,
  invalid_signature: 422,
  authorization_expired: 422,
  authorization_used: 422,
  insufficient_balance: 422,
  payment_in_progress: 422,
  relayer_unavailable: 422,
  sponsorship_unavailable: 422,
  sponsorship_refused: 422,
  paymaster_unavailable: 503,
  refund_invalid: 400,
  refund_not_mined: 409,
  refund_exceeds_paid: 409,
  refund_already_recorded: 409,
  payment_not_confirmed: 409,
  rate_limited: 429,
  too_many_pending_payments: 429,
  chain_unavailable: 503,
  internal_error: 500,
};

const TYPE_BY_STATUS: Record<number, ApiErrorType> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "authentication_error",
  404: "invalid_request_error",
  405: "invalid_request_error",
  408: "invalid_request_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  415: "invalid_request_error",
  410: "invalid_request_error",
  422: "payment_error",
  429: "rate_limit_error",
};

/** The JSON body of every error answer, as its schema documents it. */
export type ApiErrorBody = z.output<typeof errorSchema>;

/** The HTTP status and JSON body an error answers with. */
export function httpError(error: DomainError): { status: number; body: ApiErrorBody } {
  const status = HTTP_STATUS[error.code];
  return {
    status,
    body: {
      error: {
        type: TYPE_BY_STATUS[status] ?? "api_error",
        code: error.code,
        message: error.message,
        param: error.param,
      },
    },
  };
}

/**
 * Any error as the one the API answers with: a DomainError as it is, zod's as the field it names,
 * a client that hung up as invalid_json; anything else is ours (internal_error), logged with the
 * request id and never described.
 */
export function asDomainError(error: unknown, requestId: string): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  if (isClientAbort(error)) {
    // The client hung up while sending the body: nobody will read this answer, nothing to log.
    return new DomainError("invalid_json", "The request body was not received completely.");
  }
  // Unexpected: log what failed with the request id (never bodies, headers, queries or their
  // parameters) and answer 500.
  console.error(`[${requestId}] unhandled error: ${describeFailure(error)}`);
  return new DomainError("internal_error", "Something went wrong on our side.");
}

function isClientAbort(error: unknown): boolean {
  return (
    error instanceof Error &&
    ((error as { code?: string }).code === "ECONNRESET" || error.message === "aborted")
  );
}

/** The JSON answer for an error, with Retry-After when asking again later makes sense. */
export function errorResponse(error: unknown, requestId: string): Response {
  const domainError = asDomainError(error, requestId);
  const { status, body } = httpError(domainError);
  const response = Response.json(body, { status });
  if (domainError.retryAfterSeconds !== undefined) {
    response.headers.set("retry-after", String(domainError.retryAfterSeconds));
  }
  return response;
}
