import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/client";
import { webhookEndpoints } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { newId } from "../ids";
import { type ListResponse, limitParam } from "../pagination";
import { checkEndpointUrl, type ResolveHost, resolveHost } from "./endpointUrl";
import { resumePausedDeliveries } from "./pausedDeliveries";
import type {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  webhookEndpointSchema,
} from "./schemas";
import { retryDelays } from "./sender";

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/** After a rotation the old secret keeps signing, alongside the new one, for this long. */
export const SECRET_OVERLAP_MS = 24 * 3600 * 1000;
const MAX_ENDPOINTS_PER_MODE = 16;

/** Derived from its schema, the one source of the API's shape. */
export type ApiWebhookEndpoint = z.output<typeof webhookEndpointSchema>;

/** whsec_ + base64 of 32 random bytes, the Standard Webhooks secret format. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function presentWebhookEndpoint(row: WebhookEndpointRow): ApiWebhookEndpoint {
  return {
    id: row.id,
    object: "webhook_endpoint",
    livemode: row.livemode,
    url: row.url,
    description: row.description,
    enabled_events: row.enabledEvents,
    enabled: row.enabled,
    flagged_at: row.flaggedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function createWebhookEndpoint(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    body: CreateWebhookEndpointBody;
    resolve?: ResolveHost;
    now?: Date;
  },
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const { merchantId, livemode, body } = parameters;
  const url = await checkEndpointUrl(body.url, livemode, parameters.resolve ?? resolveHost);
  const [existing] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.merchantId, merchantId),
        eq(webhookEndpoints.livemode, livemode),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  if ((existing?.n ?? 0) >= MAX_ENDPOINTS_PER_MODE) {
    throw new DomainError(
      "parameter_invalid",
      `A merchant may have at most ${MAX_ENDPOINTS_PER_MODE} webhook endpoints per mode; delete one first.`,
      "url",
    );
  }
  const now = parameters.now ?? new Date();
  const secret = generateWebhookSecret();
  const [endpoint] = await executor
    .insert(webhookEndpoints)
    .values({
      id: newId("we", now.getTime()),
      merchantId,
      livemode,
      url,
      description: body.description ?? null,
      enabledEvents: body.enabled_events ?? ["*"],
      enabled: true,
      secret,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { endpoint: endpoint!, secret };
}

/** The endpoint when it is this merchant's, in this mode, and not deleted; a 404 otherwise. */
export async function findMerchantWebhookEndpoint(
  executor: Executor,
  merchantId: string,
  livemode: boolean,
  id: string,
): Promise<WebhookEndpointRow> {
  const [endpoint] = await executor
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, id),
        eq(webhookEndpoints.merchantId, merchantId),
        eq(webhookEndpoints.livemode, livemode),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  if (!endpoint) throw notFound("webhook endpoint");
  return endpoint;
}

export async function updateWebhookEndpoint(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    id: string;
    body: UpdateWebhookEndpointBody;
    resolve?: ResolveHost;
    now?: Date;
  },
): Promise<WebhookEndpointRow> {
  const { body } = parameters;
  const current = await findMerchantWebhookEndpoint(
    executor,
    parameters.merchantId,
    parameters.livemode,
    parameters.id,
  );
  const url =
    body.url === undefined
      ? current.url
      : await checkEndpointUrl(body.url, parameters.livemode, parameters.resolve ?? resolveHost);
  const now = parameters.now ?? new Date();
  return executor.transaction(async (tx) => {
    // Before the flag flips: what waited past the retry window fails, the rest is due at once.
    if (!current.enabled && body.enabled === true) {
      await resumePausedDeliveries(tx, { endpointId: current.id, now, retryDelays: retryDelays() });
    }
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        url,
        enabledEvents: body.enabled_events ?? current.enabledEvents,
        description: body.description !== undefined ? body.description : current.description,
        enabled: body.enabled ?? current.enabled,
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, current.id))
      .returning();
    return updated!;
  });
}

/** Deletes an endpoint: nothing more is sent to it; its delivery history stays. */
export async function deleteWebhookEndpoint(
  executor: Executor,
  parameters: { merchantId: string; livemode: boolean; id: string; now?: Date },
): Promise<WebhookEndpointRow> {
  const current = await findMerchantWebhookEndpoint(
    executor,
    parameters.merchantId,
    parameters.livemode,
    parameters.id,
  );
  const [deleted] = await executor
    .update(webhookEndpoints)
    .set({ deletedAt: parameters.now ?? new Date(), enabled: false })
    .where(eq(webhookEndpoints.id, current.id))
    .returning();
  return deleted!;
}

/**
 * A new signing secret, shown once; the old one keeps signing alongside it for 24 hours so the
 * merchant can deploy the new one without missing a delivery.
 */
export async function rotateWebhookSecret(
  executor: Executor,
  parameters: { merchantId: string; livemode: boolean; id: string; now?: Date },
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const current = await findMerchantWebhookEndpoint(
    executor,
    parameters.merchantId,
    parameters.livemode,
    parameters.id,
  );
  const now = parameters.now ?? new Date();
  const secret = generateWebhookSecret();
  const [endpoint] = await executor
    .update(webhookEndpoints)
    .set({
      secret,
      previousSecret: current.secret,
      previousSecretExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS),
      updatedAt: now,
    })
    .where(eq(webhookEndpoints.id, current.id))
    .returning();
  return { endpoint: endpoint!, secret };
}

export const listWebhookEndpointsQuery = z.strictObject({
  limit: limitParam,
  starting_after: z
    .string()
    .optional()
    .meta({ description: "An endpoint id: return those created before it." }),
});

export async function listWebhookEndpoints(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    query: z.output<typeof listWebhookEndpointsQuery>;
  },
): Promise<ListResponse<ApiWebhookEndpoint>> {
  const limit = parameters.query.limit ?? 20;
  const conditions: SQL[] = [
    eq(webhookEndpoints.merchantId, parameters.merchantId),
    eq(webhookEndpoints.livemode, parameters.livemode),
    isNull(webhookEndpoints.deletedAt),
  ];
  if (parameters.query.starting_after) {
    const cursor = await findMerchantWebhookEndpoint(
      executor,
      parameters.merchantId,
      parameters.livemode,
      parameters.query.starting_after,
    ).catch(() => {
      throw new DomainError(
        "parameter_invalid",
        "Invalid starting_after: no such webhook endpoint.",
        "starting_after",
      );
    });
    conditions.push(
      sql`(${webhookEndpoints.createdAt}, ${webhookEndpoints.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await executor
    .select()
    .from(webhookEndpoints)
    .where(and(...conditions))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(limit + 1);
  return {
    object: "list",
    data: rows.slice(0, limit).map(presentWebhookEndpoint),
    has_more: rows.length > limit,
  };
}
