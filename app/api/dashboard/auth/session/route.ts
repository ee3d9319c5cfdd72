import { sessionRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { presentSession } from "@/lib/dashboard/present";

export const dynamic = "force-dynamic";

/** The signed-in wallet, the merchant it works on, its memberships and the CSRF token; 401 without. */
export const GET = sessionRoute(async ({ db, session }) => json(await presentSession(db, session)));

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
