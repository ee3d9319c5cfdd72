import { handleAdminRequest } from "@/lib/api/admin";
import { otherMethods } from "@/lib/api/methods";

/** The merchant CLI's commands while the server holds the embedded database (admin token only). */
export const POST = handleAdminRequest;

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
