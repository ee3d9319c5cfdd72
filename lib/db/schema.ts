import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { StoredPaymentOption } from "../invoices/paymentOptions";

/** A line of an invoice; unit_amount is a decimal string in the invoice currency. */
export type InvoiceItem = { name: string; quantity: number; unit_amount: string };

/** Any on-chain amount fits numeric(78,0) (2^256 - 1 has 78 digits); bigint in TypeScript. */
const uint256 = customType<{ data: bigint; driverData: string }>({
  dataType: () => "numeric(78, 0)",
  toDriver: (value) => value.toString(),
  fromDriver: (value) => BigInt(value),
});

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export type AcceptedToken = { chainId: number; symbol: string };

export const merchants = pgTable("merchants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  settlementAddress: text("settlement_address").notNull(),
  /** Per-chain settlement addresses that replace settlementAddress on that chain. */
  settlementOverrides: jsonb("settlement_overrides")
    .$type<Record<string, string>>()
    .notNull()
    .default({}),
  /** The chains and tokens the merchant accepts; null: every one the deployment offers. */
  acceptedTokens: jsonb("accepted_tokens").$type<AcceptedToken[] | null>(),
  /** Shown on the checkout page; an https URL or a data: image. */
  logoUrl: text("logo_url"),
  /** Origins allowed to frame the checkout (Content-Security-Policy frame-ancestors). */
  allowedOrigins: jsonb("allowed_origins").$type<string[]>().notNull().default([]),
  /** Seconds new invoices stay payable when the request does not say; null: 1800. */
  defaultExpiresIn: integer("default_expires_in"),
  /** An invoice counts as paid when at most this share is missing, in basis points (0 to 500). */
  underpaymentToleranceBps: integer("underpayment_tolerance_bps").notNull().default(0),
  /** Offer gasless payment (an EIP-3009 signature the deployment's relayer submits). */
  gaslessEnabled: boolean("gasless_enabled").notNull().default(true),
  /**
   * Per chain id, the most the relayer's fee for one payment may be worth, a decimal amount of
   * the invoice's currency; a chain not listed takes the default (lib/relayer/feeCap.ts).
   */
  gaslessFeeCaps: jsonb("gasless_fee_caps").$type<Record<string, string>>().notNull().default({}),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    mode: text("mode", { enum: ["test", "live"] }).notNull(),
    /** SHA-256 of the key; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    /** The first characters, so a merchant can tell keys apart. */
    keyPrefix: text("key_prefix").notNull(),
    label: text("label"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (table) => [
    uniqueIndex("api_keys_key_hash_unique").on(table.keyHash),
    index("api_keys_merchant_idx").on(table.merchantId),
  ],
);

export const invoices = pgTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    status: text("status", {
      enum: ["open", "processing", "paid", "expired", "canceled"],
    }).notNull(),
    exception: text("exception", {
      enum: ["underpaid", "overpaid", "paid_late", "multiple_payments", "paid_after_cancel"],
    }),
    currency: text("currency").notNull(),
    /** Invoice-level amounts carry 18 decimals of the currency (see lib/money/currencies). */
    amount: uint256("amount").notNull(),
    amountPaid: uint256("amount_paid").notNull().default(sql`0`),
    orderId: text("order_id"),
    description: text("description"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    redirectUrl: text("redirect_url"),
    items: jsonb("items").$type<InvoiceItem[] | null>(),
    paymentLinkId: text("payment_link_id"),
    /** The merchant's tolerance when the invoice was created, in basis points. */
    underpaymentToleranceBps: integer("underpayment_tolerance_bps").notNull().default(0),
    /** Confirmed refunds, at invoice-level precision. */
    amountRefunded: uint256("amount_refunded").notNull().default(sql`0`),
    /** 0x + 16 random bytes, appended to the transfer calldata to name this invoice. */
    reference: text("reference").notNull(),
    paymentOptions: jsonb("payment_options").$type<StoredPaymentOption[]>().notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    paidAt: timestamptz("paid_at"),
    canceledAt: timestamptz("canceled_at"),
  },
  (table) => [
    uniqueIndex("invoices_reference_unique").on(table.reference),
    index("invoices_merchant_order_idx").on(table.merchantId, table.orderId),
    index("invoices_merchant_created_idx").on(table.merchantId, table.createdAt.desc()),
    index("invoices_open_expiry_idx")
      .on(table.expiresAt)
      .where(sql`${table.status} in ('open', 'processing')`),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id),
    chainId: integer("chain_id").notNull(),
    txHash: text("tx_hash").notNull(),
    logIndex: integer("log_index").notNull(),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash").notNull(),
    blockTimestamp: timestamptz("block_timestamp").notNull(),
    fromAddress: text("from_address").notNull(),
    tokenAddress: text("token_address").notNull(),
    tokenSymbol: text("token_symbol").notNull(),
    tokenDecimals: integer("token_decimals").notNull(),
    /** Token base units, as in the Transfer log. */
    amount: uint256("amount").notNull(),
    /** The same amount at invoice-level precision of the invoice's currency. */
    currencyAmount: uint256("currency_amount").notNull(),
    status: text("status", { enum: ["confirming", "confirmed"] }).notNull(),
    confirmations: integer("confirmations").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    confirmedAt: timestamptz("confirmed_at"),
  },
  (table) => [
    // A transfer credits at most one invoice, ever.
    uniqueIndex("payments_transfer_unique").on(table.chainId, table.txHash, table.logIndex),
    index("payments_invoice_idx").on(table.invoiceId),
    index("payments_confirming_idx").on(table.chainId).where(sql`${table.status} = 'confirming'`),
  ],
);

/** Transaction hashes posted by the checkout page, kept until their receipt is decided. */
export const paymentSubmissions = pgTable(
  "payment_submissions",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id),
    chainId: integer("chain_id").notNull(),
    txHash: text("tx_hash").notNull(),
    /**
     * unseen: the chain's node does not know the transaction (a hint that holds nothing);
     * pending: the node has it, not mined yet, and it sets out to pay this invoice (on its way).
     */
    status: text("status", {
      enum: ["unseen", "pending", "credited", "rejected", "abandoned", "replaced"],
    }).notNull(),
    errorCode: text("error_code"),
    /** Sender and nonce, when the node knew the transaction: tells a replaced one from a late one. */
    fromAddress: text("from_address"),
    nonce: integer("nonce"),
    /** Who posted it (the client address the server saw): posted hashes are capped per address. */
    clientAddress: text("client_address"),
    /** When an unseen or pending hash is next asked about, and how often it was asked already. */
    nextCheckAt: timestamptz("next_check_at"),
    checks: integer("checks").notNull().default(0),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("payment_submissions_unique").on(table.invoiceId, table.chainId, table.txHash),
    index("payment_submissions_due_idx")
      .on(table.chainId, table.nextCheckAt)
      .where(sql`${table.status} in ('unseen', 'pending')`),
    index("payment_submissions_client_idx")
      .on(table.clientAddress)
      .where(sql`${table.status} in ('unseen', 'pending')`),
  ],
);

/**
 * Transfers to a merchant's address that credited no invoice: below the dust floor, in a token
 * the merchant does not take for that invoice, for an invoice that can no longer be paid, or
 * naming nothing the watcher could tell. Kept for the merchant to see and refund.
 */
export const unmatchedPayments = pgTable(
  "unmatched_payments",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    /** The invoice the transfer's reference named, when it named one. */
    invoiceId: text("invoice_id").references(() => invoices.id),
    reason: text("reason", {
      enum: [
        "below_minimum",
        "other_currency",
        "not_accepted",
        "invoice_not_payable",
        "ambiguous",
        "no_invoice",
      ],
    }).notNull(),
    chainId: integer("chain_id").notNull(),
    txHash: text("tx_hash").notNull(),
    logIndex: integer("log_index").notNull(),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash").notNull(),
    blockTimestamp: timestamptz("block_timestamp").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    tokenAddress: text("token_address").notNull(),
    tokenSymbol: text("token_symbol").notNull(),
    tokenDecimals: integer("token_decimals").notNull(),
    /** Token base units, as in the Transfer log. */
    amount: uint256("amount").notNull(),
    currency: text("currency").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("unmatched_payments_transfer_unique").on(
      table.merchantId,
      table.chainId,
      table.txHash,
      table.logIndex,
    ),
    index("unmatched_payments_merchant_created_idx").on(
      table.merchantId,
      table.livemode,
      table.createdAt.desc(),
    ),
    index("unmatched_payments_invoice_idx").on(table.invoiceId),
  ],
);

export const events = pgTable(
  "events",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    invoiceId: text("invoice_id").references(() => invoices.id),
    livemode: boolean("livemode").notNull(),
    type: text("type").notNull(),
    /** The full invoice as the API showed it when the event happened. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (table) => [
    index("events_merchant_created_idx").on(table.merchantId, table.createdAt),
    index("events_invoice_idx").on(table.invoiceId),
  ],
);

/** Reusable checkout links: each visit to /l/{id} issues a fresh invoice. */
export const paymentLinks = pgTable(
  "payment_links",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    active: boolean("active").notNull(),
    /** Invoice-level units; null: the shopper types the amount. */
    amount: uint256("amount"),
    currency: text("currency").notNull(),
    description: text("description"),
    redirectUrl: text("redirect_url"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    /** Seconds each invoice it issues stays payable. */
    expiresIn: integer("expires_in").notNull(),
    accept: jsonb("accept").$type<AcceptedToken[] | null>(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (table) => [
    index("payment_links_merchant_created_idx").on(table.merchantId, table.createdAt.desc()),
  ],
);

/**
 * Saved answers to POSTs sent with an Idempotency-Key, per merchant and mode, for 24 hours.
 * The row is inserted before the work starts, so a concurrent duplicate finds it and waits.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of method, path and body: the same key with another request is a 409. */
    requestHash: text("request_hash").notNull(),
    status: text("status", { enum: ["processing", "completed"] }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.merchantId, table.livemode, table.key] }),
    index("idempotency_keys_expires_idx").on(table.expiresAt),
  ],
);

// ─── Payment detection ──────────────────────────────────────────────────────────────────────────

export type ChainCheckpoint = { number: string; hash: string };

/** How far each chain's watcher has read: the last block scanned, and what it last saw. */
export const chainCursors = pgTable("chain_cursors", {
  chainId: integer("chain_id").primaryKey(),
  blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
  blockHash: text("block_hash").notNull(),
  /** Recent scanned range ends, oldest first: where the watcher walks back to after a reorg. */
  checkpoints: jsonb("checkpoints").$type<ChainCheckpoint[]>().notNull().default([]),
  /** The chain's head at the last pass, and the last failure, for /api/health. */
  head: bigint("head", { mode: "bigint" }),
  lastError: text("last_error"),
  lastErrorAt: timestamptz("last_error_at"),
  checkedAt: timestamptz("checked_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

/**
 * What the watchers look for: each invoice's (chain, token, recipient), kept active until the
 * monitoring window after its expiry has passed. Addresses are lowercase.
 */
export const paymentTargets = pgTable(
  "payment_targets",
  {
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id),
    chainId: integer("chain_id").notNull(),
    tokenAddress: text("token_address").notNull(),
    recipient: text("recipient").notNull(),
    watchUntil: timestamptz("watch_until").notNull(),
    active: boolean("active").notNull().default(true),
  },
  (table) => [
    primaryKey({ columns: [table.invoiceId, table.chainId, table.tokenAddress] }),
    index("payment_targets_recipient_idx")
      .on(table.chainId, table.recipient)
      .where(sql`${table.active}`),
    index("payment_targets_watch_until_idx")
      .on(table.chainId, table.watchUntil)
      .where(sql`${table.active}`),
  ],
);

/**
 * Amounts for manual transfers (no calldata): the amount due plus an offset below one cent. An
 * amount is held by one invoice at a time per (chain, token, recipient) until it is released.
 */
export const manualAmounts = pgTable(
  "manual_amounts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id),
    chainId: integer("chain_id").notNull(),
    tokenAddress: text("token_address").notNull(),
    recipient: text("recipient").notNull(),
    /** Token base units to send. */
    amount: uint256("amount").notNull(),
    /** The amount due it was made for (token base units, rounded up to a cent). */
    due: uint256("due").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    releasedAt: timestamptz("released_at"),
  },
  (table) => [
    uniqueIndex("manual_amounts_held_unique")
      .on(table.chainId, table.tokenAddress, table.recipient, table.amount)
      .where(sql`${table.releasedAt} is null`),
    index("manual_amounts_invoice_idx").on(table.invoiceId),
  ],
);

// ─── Webhooks ──────────────────────────────────────────────────────────────────────────────────

/** Where a merchant wants events delivered. Soft-deleted so delivery history stays readable. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    livemode: boolean("livemode").notNull(),
    url: text("url").notNull(),
    description: text("description"),
    /** Event types delivered here; ["*"] for every one. */
    enabledEvents: jsonb("enabled_events").$type<string[]>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** whsec_…: signs deliveries (Standard Webhooks). Shown once, when created or rotated. */
    secret: text("secret").notNull(),
    /** After a rotation the old secret signs alongside the new one until this time. */
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamptz("previous_secret_expires_at"),
    /** Set when a delivery failed for good; cleared by a later success. */
    flaggedAt: timestamptz("flagged_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    deletedAt: timestamptz("deleted_at"),
  },
  (table) => [index("webhook_endpoints_merchant_idx").on(table.merchantId, table.livemode)],
);

/**
 * The outbox: one row per (event, endpoint), written in the transaction that wrote the event.
 * Senders claim due rows with FOR UPDATE SKIP LOCKED and hold them by `lockedUntil`.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    merchantId: text("merchant_id").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at"),
    lockedUntil: timestamptz("locked_until"),
    lastAttemptAt: timestamptz("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    completedAt: timestamptz("completed_at"),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_event_endpoint_unique").on(table.eventId, table.endpointId),
    index("webhook_deliveries_due_idx")
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(table.endpointId, table.createdAt.desc()),
  ],
);

/** Every attempt to send a delivery, for the merchant's delivery log. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer("attempt").notNull(),
    startedAt: timestamptz("started_at").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
    /** The first bytes of the endpoint's answer, to debug a refusal. */
    responseExcerpt: text("response_excerpt"),
  },
  (table) => [index("webhook_attempts_delivery_idx").on(table.deliveryId)],
);

// ─── Dashboard ─────────────────────────────────────────────────────────────────────────────────

/** Wallets that may sign in to a merchant's dashboard (several per merchant). */
export const merchantMembers = pgTable(
  "merchant_members",
  {
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    /** Checksummed EVM address. */
    address: text("address").notNull(),
    role: text("role", { enum: ["owner", "member"] }).notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.merchantId, table.address] }),
    index("merchant_members_address_idx").on(table.address),
  ],
);

/** Sign-In with Ethereum nonces: issued by the server, used once, short-lived. */
export const siweNonces = pgTable("siwe_nonces", {
  nonce: text("nonce").primaryKey(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  expiresAt: timestamptz("expires_at").notNull(),
  usedAt: timestamptz("used_at"),
});

/** Dashboard sessions; the cookie holds a random token, the table only its hash. */
export const dashboardSessions = pgTable(
  "dashboard_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    address: text("address").notNull(),
    /** The merchant the session works on; null until the wallet picks or creates one. */
    merchantId: text("merchant_id").references(() => merchants.id),
    /** Sent back in a header with every state-changing request (double submit). */
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
    revokedAt: timestamptz("revoked_at"),
  },
  (table) => [index("dashboard_sessions_address_idx").on(table.address)],
);

/** Transfers from the merchant back to a payer, verified on-chain like payments. */
export const refunds = pgTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id),
    merchantId: text("merchant_id")
      .notNull()
      .references(() => merchants.id),
    chainId: integer("chain_id").notNull(),
    txHash: text("tx_hash").notNull(),
    logIndex: integer("log_index").notNull(),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    tokenAddress: text("token_address").notNull(),
    tokenSymbol: text("token_symbol").notNull(),
    tokenDecimals: integer("token_decimals").notNull(),
    /** Token base units. */
    amount: uint256("amount").notNull(),
    currencyAmount: uint256("currency_amount").notNull(),
    status: text("status", { enum: ["confirming", "confirmed"] }).notNull(),
    confirmations: integer("confirmations").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    confirmedAt: timestamptz("confirmed_at"),
  },
  (table) => [
    // A transfer is one refund, once; and it cannot also be a payment (checked in code).
    uniqueIndex("refunds_transfer_unique").on(table.chainId, table.txHash, table.logIndex),
    index("refunds_invoice_idx").on(table.invoiceId),
  ],
);

// ─── Relayer ───────────────────────────────────────────────────────────────────────────────────

/** The relayer's next nonce per chain and address: one lane, taken under a row lock. */
export const relayerLanes = pgTable(
  "relayer_lanes",
  {
    chainId: integer("chain_id").notNull(),
    address: text("address").notNull(),
    nextNonce: bigint("next_nonce", { mode: "bigint" }).notNull(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.chainId, table.address] })],
);

/**
 * Every transaction the relayer signs, recorded (with its signed bytes) before it is broadcast,
 * so a crash between the two loses nothing: the relayer job broadcasts it again or learns it was
 * mined. One row per nonce of a lane, ever; a fee bump re-signs the same row.
 */
export const relayerTransactions = pgTable(
  "relayer_transactions",
  {
    id: text("id").primaryKey(),
    chainId: integer("chain_id").notNull(),
    relayerAddress: text("relayer_address").notNull(),
    nonce: bigint("nonce", { mode: "bigint" }).notNull(),
    /** authorization: an EIP-3009 transfer it relays; filler: a 0-value self-transfer holding a nonce. */
    kind: text("kind", { enum: ["authorization", "filler"] }).notNull(),
    merchantId: text("merchant_id").references(() => merchants.id),
    invoiceId: text("invoice_id").references(() => invoices.id),
    tokenAddress: text("token_address"),
    /** The authorization's signer (EIP-3009 `from`) and nonce, lowercase. */
    authorizer: text("authorizer"),
    authorizationNonce: text("authorization_nonce"),
    /**
     * The nonce's first 16 bytes, where an invoice's own authorization carries its reference: the
     * watcher binds a transfer by them, so one whose nonce the deployment recorded (an x402
     * payment's is random) is credited to the invoice it was recorded for, whoever broadcast it.
     */
    nonceReference: text("nonce_reference"),
    /** Who asked for it: the checkout, an x402 payer of an invoice or link, or a merchant's x402 server. */
    source: text("source", { enum: ["checkout", "x402", "facilitator"] })
      .notNull()
      .default("checkout"),
    /** The call the transaction makes (to, data) and its gas limit. */
    toAddress: text("to_address").notNull(),
    data: text("data").notNull(),
    gasLimit: bigint("gas_limit", { mode: "bigint" }).notNull(),
    maxFeePerGas: uint256("max_fee_per_gas").notNull(),
    maxPriorityFeePerGas: uint256("max_priority_fee_per_gas").notNull(),
    /** The latest signed transaction and its hash; earlier hashes of the same nonce in txHashes. */
    txHash: text("tx_hash").notNull(),
    rawTransaction: text("raw_transaction").notNull(),
    txHashes: jsonb("tx_hashes").$type<string[]>().notNull().default([]),
    status: text("status", { enum: ["pending", "mined", "reverted", "replaced"] }).notNull(),
    /** The fee a mined transaction cost (gas used x effective price), wei. */
    feePaid: uint256("fee_paid"),
    attempts: integer("attempts").notNull().default(1),
    broadcastAt: timestamptz("broadcast_at"),
    minedBlock: bigint("mined_block", { mode: "bigint" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (table) => [
    // A nonce of a lane is used once, whichever instance took it.
    uniqueIndex("relayer_transactions_nonce_unique").on(
      table.chainId,
      table.relayerAddress,
      table.nonce,
    ),
    // An authorization is relayed once.
    uniqueIndex("relayer_transactions_authorization_unique")
      .on(table.chainId, table.tokenAddress, table.authorizer, table.authorizationNonce)
      .where(sql`${table.kind} = 'authorization'`),
    index("relayer_transactions_pending_idx")
      .on(table.chainId, table.nonce)
      .where(sql`${table.status} = 'pending'`),
    index("relayer_transactions_merchant_idx").on(table.merchantId, table.createdAt),
    index("relayer_transactions_invoice_idx").on(table.invoiceId),
    index("relayer_transactions_x402_idx")
      .on(table.source, table.createdAt)
      .where(sql`${table.source} <> 'checkout'`),
    index("relayer_transactions_nonce_reference_idx")
      .on(table.nonceReference)
      .where(sql`${table.nonceReference} is not null`),
  ],
);
