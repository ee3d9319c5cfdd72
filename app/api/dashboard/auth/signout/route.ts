import { sessionRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { clearedSessionCookieHeader } from "@/lib/dashboard/cookie";
import { revokeDashboardSession } from "@/lib/dashboard/sessions";

export const dynamic = "force-dynamic";

/** Ends the session on the server (the token stops working everywhere) and clears the cookie. */
export const POST = sessionRoute(async ({ db, session }) => {
  await revokeDashboardSession(db, session.tokenHash);
  return json({ signed_out: true }, 200, { "set-cookie": clearedSessionCookieHeader() });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
