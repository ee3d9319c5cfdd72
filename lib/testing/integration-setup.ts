import { inject } from "vitest";

process.env.ANVIL_PORT = String(inject("anvilPort"));
