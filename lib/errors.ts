import type { ZodError, z } from "zod";

/**
 * The closed set of error codes. Domain code throws a DomainError with one of them; the edges
 * (the API and dashboard route wrappers, the pages) decide what each means there: an HTTP status
 * (lib/api/errors.ts), a not-found page, a sentence for the shopper.
 */
export const ERROR_CODES = [
  // The request itself
  "invalid_json",
  "unsupported_content_type",
  "body_too_large",
  "request_timeout",
  "parameter_invalid",
  "parameter_missing",
  "parameter_unknown",
  "currency_not_accepted",
  "route_not_found",
  "method_not_allowed",
  // Who is asking
  "api_key_missing",
  "api_key_invalid",
  "session_missing",
  "session_invalid",
  "csrf_failed",
  "siwe_invalid",
  "merchant_required",
  "owner_required",
  "signup_closed",
  // What is asked about
  "resource_not_found",
  "invoice_not_cancelable",
  "payment_link_inactive",
  "delivery_in_progress",
  "member_exists",
  "last_owner",
  // A settlement address its owner has not confirmed (nothing is saved)
  "settlement_unconfirmed",
  "confirmation_expired",
  "idempotency_key_reuse",
  "idempotency_key_in_use",
  // A transaction that does not pay the invoice
  "wrong_chain",
  "transaction_failed",
  "no_matching_transfer",
  "reference_mismatch",
  "amount_too_small",
  "token_not_accepted",
  "transaction_already_used",
  "invoice_not_payable",
  "invoice_gone",
  // A gasless authorization the relayer will not submit (nothing is broadcast, no gas spent)
  "gasless_unavailable",
  "authorization_mismatch",
  "invalid_signature",
  "authorization_expired",
  "authorization_used",
  "insufficient_balance",
  "payment_in_progress",
  "relayer_unavailable",
  // A user operation the merchant's paymaster will not sponsor (its service is never asked)
  "sponsorship_unavailable",
  "sponsorship_refused",
  "paymaster_unavailable",
  // Refunds
  "refund_invalid",
  "refund_not_mined",
  "refund_exceeds_paid",
  "refund_already_recorded",
  "payment_not_confirmed",
  // Try again later
  "rate_limited",
  "too_many_pending_payments",
  "chain_unavailable",
  "internal_error",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An error the product explains: a code from the closed set, a sentence a person can act on, and
 * the parameter at fault. It says nothing of HTTP; the edge maps the code.
 */
export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param: string | null = null,
    /** When asking again makes sense, in how many seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** An error in what was asked (a parameter), rather than in the state of things. */
export function isInputError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError &&
    (error.code === "parameter_invalid" ||
      error.code === "parameter_missing" ||
      error.code === "parameter_unknown")
  );
}

export function invalidParameter(param: string, message: string): DomainError {
  return new DomainError("parameter_invalid", message, param);
}

export function notFound(what: string, param: string | null = "id"): DomainError {
  return new DomainError("resource_not_found", `No such ${what}.`, param);
}

/** Turns zod's first issue into one error that names the field. */
export function fromZodError(error: ZodError): DomainError {
  const issue = error.issues[0];
  if (!issue) return new DomainError("parameter_invalid", "The request is invalid.");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const param = [...issue.path, key].join(".");
    return new DomainError("parameter_unknown", `Unknown parameter: ${param}.`, param);
  }
  const param = issue.path.join(".") || null;
  // zod reports the input only when asked (parseInput does); without it, call nothing missing.
  if (issue.code === "invalid_type" && "input" in issue && issue.input === undefined) {
    return new DomainError("parameter_missing", `Missing required parameter: ${param}.`, param);
  }
  const message = param ? `Invalid ${param}: ${issue.message}` : issue.message;
  return new DomainError(
    "parameter_invalid",
    message.endsWith(".") ? message : `${message}.`,
    param,
  );
}

/** Validates input against a schema; the first problem becomes an error that names the field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  // reportInput lets the error tell a missing field from a wrong one.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
