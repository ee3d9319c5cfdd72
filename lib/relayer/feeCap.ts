/** A merchant's gasless fee cap on a chain their settings do not name: 0.05 of the invoice currency. */
export const DEFAULT_GASLESS_FEE_CAP = "0.05";

/** Fee caps are decimal amounts of the invoice currency with at most 6 decimals, up to 100. */
export const FEE_CAP_PATTERN = /^\d{1,3}(?:\.\d{1,6})?$/;
