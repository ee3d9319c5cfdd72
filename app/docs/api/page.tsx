import type { Metadata } from "next";
import { ApiReference } from "@/components/docs/ApiReference";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { getConfig } from "@/lib/config/config";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API reference" };

export default function ApiReferencePage() {
  return <ApiReference document={buildOpenApiDocument(getConfig().publicUrl)} />;
}
