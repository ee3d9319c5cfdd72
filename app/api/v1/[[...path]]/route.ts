import { unknownRoute } from "@/lib/api/methods";

// Any /api/v1 path no other route serves: a JSON 404 with a request id, not an HTML page.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = unknownRoute();
