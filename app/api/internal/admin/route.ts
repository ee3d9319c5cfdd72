import { handleAdminRequest } from "@/lib/merchants/adminHttp";

/** The merchant CLI's commands while the server holds the embedded database (admin token only). */
export const POST = handleAdminRequest;
