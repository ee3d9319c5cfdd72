import "server-only";
import { getConfig } from "../config/config";
import { sessionTokenFrom } from "../dashboard/cookie";
import { type DashboardSession, findDashboardSession, secretsEqual } from "../dashboard/sessions";
import { type Database, getDb } from "../db/client";
import { DomainError } from "../errors";
import { getMerchant, type Merchant } from "../merchants/merchants";
import { limitClientAddress } from "./limits";
import { answer, newRequestId } from "./route";
import { checkPathParams } from "./text";

type NextRouteContext<Params> = { params: Promise<Params> };

export const CSRF_HEADER = "x-csrf-token";

export type DashboardRouteContext<Params> = {
  request: Request;
  params: Params;
  db: Database;
  requestId: string;
  session: DashboardSession;
};

export type DashboardMerchantRouteContext<Params> = DashboardRouteContext<Params> & {
  merchant: Merchant;
  /** The merchant's id (same as merchant.id), for queries scoped to it. */
  merchantId: string;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must come from the dashboard's own pages: its Origin is the app's
 * (a browser always sends Origin on a cross-site POST, and fetch sends it on same-origin ones).
 */
export function checkSameOrigin(request: Request, publicUrl = getConfig().publicUrl): void {
  const origin = request.headers.get("origin");
  if (origin !== new URL(publicUrl).origin) {
    throw new DomainError("csrf_failed", "This request did not come from the dashboard.");
  }
}

/** Origin check, then the session's CSRF token in `x-csrf-token`, compared in constant time. */
export function checkCsrf(request: Request, session: DashboardSession): void {
  checkSameOrigin(request);
  const sent = request.headers.get(CSRF_HEADER);
  if (!sent || !secretsEqual(sent, session.csrfToken)) {
    throw new DomainError(
      "csrf_failed",
      "This request lacks the dashboard's CSRF token; reload the page and try again.",
    );
  }
}

/** The request's live session, or a 401. */
export async function sessionOf(db: Database, request: Request): Promise<DashboardSession> {
  const token = sessionTokenFrom(request.headers.get("cookie"));
  const session = token ? await findDashboardSession(db, token) : null;
  if (!session) {
    throw new DomainError("session_missing", "Sign in to the dashboard first.");
  }
  return session;
}

/**
 * A dashboard route handler for a signed-in wallet that may not have a merchant yet (creating
 * or picking one): session required, CSRF checked on every state-changing method, rate-limited
 * per client address, errors as JSON with a request id.
 */
export function sessionRoute<Params = Record<string, never>>(
  handler: (context: DashboardRouteContext<Params>) => Promise<Response>,
) {
  return (request: Request, context: NextRouteContext<Params>): Promise<Response> => {
    const requestId = newRequestId();
    return answer(requestId, async () => {
      limitClientAddress(request);
      const [db, params] = await Promise.all([getDb(), context.params]);
      checkPathParams(params);
      const session = await sessionOf(db, request);
      if (!SAFE_METHODS.has(request.method)) checkCsrf(request, session);
      return handler({ request, params, db, requestId, session });
    });
  };
}

/**
 * A dashboard route handler working on the session's merchant: as sessionRoute, and the wallet
 * must still be a member of a merchant. Every query in the handler is scoped to `merchantId`,
 * so another merchant's objects are out of reach (404 as if absent, as in the API).
 */
export function dashboardMerchantRoute<Params = Record<string, never>>(
  handler: (context: DashboardMerchantRouteContext<Params>) => Promise<Response>,
) {
  return sessionRoute<Params>(async (context) => {
    const merchant = await merchantOf(context.db, context.session);
    return handler({ ...context, merchant, merchantId: merchant.id });
  });
}

async function merchantOf(db: Database, session: DashboardSession): Promise<Merchant> {
  if (!session.merchantId) {
    throw new DomainError("merchant_required", "Create or choose a merchant first.");
  }
  return getMerchant(db, session.merchantId);
}

/** Whether the request carries a dashboard session cookie (valid or not). */
export function hasSessionCookie(request: Request): boolean {
  return sessionTokenFrom(request.headers.get("cookie")) !== null;
}

/**
 * The merchant of the request's dashboard session, for a route both doors serve: the session
 * must be live, a change must carry its CSRF token, and the wallet must have a merchant.
 */
export async function sessionMerchant(db: Database, request: Request): Promise<Merchant> {
  const session = await sessionOf(db, request);
  if (!SAFE_METHODS.has(request.method)) checkCsrf(request, session);
  return merchantOf(db, session);
}
