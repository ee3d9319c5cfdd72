CREATE TABLE "relayer_lanes" (
	"chain_id" integer NOT NULL,
	"address" text NOT NULL,
	"next_nonce" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relayer_lanes_chain_id_address_pk" PRIMARY KEY("chain_id","address")
);
--> statement-breakpoint
CREATE TABLE "relayer_transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"chain_id" integer NOT NULL,
	"relayer_address" text NOT NULL,
	"nonce" bigint NOT NULL,
	"kind" text NOT NULL,
	"merchant_id" text,
	"invoice_id" text,
	"token_address" text,
	"authorizer" text,
	"authorization_nonce" text,
	"to_address" text NOT NULL,
	"data" text NOT NULL,
	"gas_limit" bigint NOT NULL,
	"max_fee_per_gas" numeric(78, 0) NOT NULL,
	"max_priority_fee_per_gas" numeric(78, 0) NOT NULL,
	"tx_hash" text NOT NULL,
	"raw_transaction" text NOT NULL,
	"tx_hashes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"fee_paid" numeric(78, 0),
	"attempts" integer DEFAULT 1 NOT NULL,
	"broadcast_at" timestamp with time zone,
	"mined_block" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "gasless_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "gasless_fee_caps" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "relayer_transactions" ADD CONSTRAINT "relayer_transactions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relayer_transactions" ADD CONSTRAINT "relayer_transactions_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "relayer_transactions_nonce_unique" ON "relayer_transactions" USING btree ("chain_id","relayer_address","nonce");--> statement-breakpoint
CREATE UNIQUE INDEX "relayer_transactions_authorization_unique" ON "relayer_transactions" USING btree ("chain_id","token_address","authorizer","authorization_nonce") WHERE "relayer_transactions"."kind" = 'authorization';--> statement-breakpoint
CREATE INDEX "relayer_transactions_pending_idx" ON "relayer_transactions" USING btree ("chain_id","nonce") WHERE "relayer_transactions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "relayer_transactions_merchant_idx" ON "relayer_transactions" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "relayer_transactions_invoice_idx" ON "relayer_transactions" USING btree ("invoice_id");