import { z } from "zod";
import { ERROR_CODES } from "../errors";

export const errorSchema = z
  .object({
    error: z.object({
      type: z.enum([
        "invalid_request_error",
        "authentication_error",
        "payment_error",
        "rate_limit_error",
        "api_error",
      ]),
      code: z.enum(ERROR_CODES).meta({ description: "What went wrong, from a closed set." }),
      message: z.string(),
      param: z.string().nullable(),
    }),
  })
  .meta({ id: "Error" });
