import type { ZodError } from "zod";

export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "payment_error"
  | "rate_limit_error"
  | "api_error";

/** The closed set of error codes the API answers with; the checkout page maps each to a sentence. */
export type ApiErrorCode =
  | "invalid_json"
  | "unsupported_content_type"
  | "body_too_large"
  | "parameter_invalid"
  | "parameter_missing"
  | "parameter_unknown"
  | "currency_not_accepted"
  | "api_key_missing"
  | "api_key_invalid"
  | "resource_not_found"
  | "route_not_found"
  | "method_not_allowed"
  | "wrong_chain"
  | "transaction_failed"
  | "no_matching_transfer"
  | "reference_mismatch"
  | "amount_too_small"
  | "token_not_accepted"
  | "too_many_pending_payments"
  | "transaction_already_used"
  | "invoice_not_payable"
  | "invoice_not_cancelable"
  | "idempotency_key_reuse"
  | "idempotency_key_in_use"
  | "rate_limited"
  | "payment_link_inactive"
  | "delivery_in_progress"
  | "chain_unavailable"
  | "session_missing"
  | "session_invalid"
  | "csrf_failed"
  | "siwe_invalid"
  | "merchant_required"
  | "owner_required"
  | "member_exists"
  | "last_owner"
  | "refund_invalid"
  | "refund_not_mined"
  | "refund_exceeds_paid"
  | "refund_already_recorded"
  | "internal_error";

const TYPE_BY_STATUS: Record<number, ApiErrorType> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "authentication_error",
  404: "invalid_request_error",
  405: "invalid_request_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  415: "invalid_request_error",
  422: "payment_error",
  429: "rate_limit_error",
};

export class ApiError extends Error {
  override name = "ApiError";
  readonly type: ApiErrorType;
  /** For 429s: sent as the Retry-After header. */
  retryAfterSeconds?: number;
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.type = TYPE_BY_STATUS[status] ?? "api_error";
  }

  toJSON() {
    return {
      error: { type: this.type, code: this.code, message: this.message, param: this.param },
    };
  }
}

export function invalidParameter(param: string, message: string): ApiError {
  return new ApiError(400, "parameter_invalid", message, param);
}

export function notFound(what: string, param: string | null = "id"): ApiError {
  return new ApiError(404, "resource_not_found", `No such ${what}.`, param);
}

/** Turns zod's first issue into one API error that names the field. */
export function fromZodError(error: ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, "parameter_invalid", "The request is invalid.");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const param = [...issue.path, key].join(".");
    return new ApiError(400, "parameter_unknown", `Unknown parameter: ${param}.`, param);
  }
  const param = issue.path.join(".") || null;
  // zod reports the input only when asked (parseInput does); without it, call nothing missing.
  if (issue.code === "invalid_type" && "input" in issue && issue.input === undefined) {
    return new ApiError(400, "parameter_missing", `Missing required parameter: ${param}.`, param);
  }
  const message = param ? `Invalid ${param}: ${issue.message}` : issue.message;
  return new ApiError(
    400,
    "parameter_invalid",
    message.endsWith(".") ? message : `${message}.`,
    param,
  );
}
