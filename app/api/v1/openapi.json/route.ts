import { otherMethods } from "@/lib/api/methods";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { json, publicRoute } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";

export const GET = publicRoute(async () => {
  const response = json(buildOpenApiDocument(getConfig().publicUrl));
  response.headers.set("access-control-allow-origin", "*");
  return response;
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
