import { listEventsQuery } from "../../events/listEvents";
import { eventListSchema, eventSchema } from "../../events/schemas";

import { id, type PathOperations } from "./operation";

/** The OpenAPI operations of events. */
export const eventOperations: PathOperations = {
  "/api/v1/events": {
    get: {
      tag: "Events",
      summary: "List events",
      query: listEventsQuery,
      responses: {
        200: { description: "A page of events, newest first.", schema: eventListSchema },
      },
      errors: [400, 401, 429],
    },
  },
  "/api/v1/events/{id}": {
    get: {
      tag: "Events",
      summary: "Get an event",
      pathParams: id("event"),
      responses: { 200: { description: "The event.", schema: eventSchema } },
      errors: [401, 404, 429],
    },
  },
};
