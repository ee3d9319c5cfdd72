import { checkSameOrigin } from "@/lib/api/dashboardRoute";
import { throttledAuthentication } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json, publicRoute } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { sessionCookieHeader } from "@/lib/dashboard/cookie";
import { presentSession } from "@/lib/dashboard/present";
import { createDashboardSession } from "@/lib/dashboard/sessions";
import { verifySignIn } from "@/lib/dashboard/siwe";

export const dynamic = "force-dynamic";

/**
 * Sign-In with Ethereum: `{ message, signature }`. A valid signature over a message this server's
 * nonce is in starts a session (httpOnly cookie) on the wallet's first merchant, or none yet.
 */
export const POST = publicRoute(async ({ request, db }) => {
  const config = getConfig();
  checkSameOrigin(request, config.publicUrl);
  const body = (await readJsonBody(request)) as Record<string, unknown> | null;
  const address = await throttledAuthentication(request, ["siwe_invalid"], () =>
    verifySignIn(db, {
      message: body?.message,
      signature: body?.signature,
      publicUrl: config.publicUrl,
    }),
  );
  const { token, session } = await createDashboardSession(db, { address });
  return json(await presentSession(db, session), 200, {
    "set-cookie": sessionCookieHeader(token, session.expiresAt, config.publicUrl),
  });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
