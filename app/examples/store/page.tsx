import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoreDemo } from "@/components/examples/StoreDemo";
import { EXAMPLE_PRODUCT, exampleStoreLinkId } from "@/lib/demo/exampleStore";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Example store", robots: { index: false } };

/** A merchant's page selling one item through the embedded checkout (local chain only). */
export default async function ExampleStorePage() {
  const linkId = await exampleStoreLinkId();
  if (!linkId) notFound();
  return <StoreDemo linkId={linkId} product={EXAMPLE_PRODUCT} />;
}
