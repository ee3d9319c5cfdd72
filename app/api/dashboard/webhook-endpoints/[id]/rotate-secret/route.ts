// The dashboard serves the same objects as the API: one handler for both doors (the
// session here, an API key there), resolved by merchantRoute.
import * as api from "@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route";

export const { DELETE, GET, OPTIONS, PATCH, POST, PUT } = api;

export const dynamic = "force-dynamic";
