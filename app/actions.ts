"use server";

import { redirect } from "next/navigation";
import { createDemoInvoice } from "@/lib/demo/demoInvoice";

export async function startDemoPayment(): Promise<void> {
  const id = await createDemoInvoice();
  redirect(`/pay/${id}`);
}
