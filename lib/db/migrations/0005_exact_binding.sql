CREATE TABLE "unmatched_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"invoice_id" text,
	"reason" text NOT NULL,
	"chain_id" integer NOT NULL,
	"tx_hash" text NOT NULL,
	"log_index" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_timestamp" timestamp with time zone NOT NULL,
	"from_address" text NOT NULL,
	"to_address" text NOT NULL,
	"token_address" text NOT NULL,
	"token_symbol" text NOT NULL,
	"token_decimals" integer NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "payment_submissions_pending_idx";--> statement-breakpoint
ALTER TABLE "payment_submissions" ADD COLUMN "client_address" text;--> statement-breakpoint
ALTER TABLE "payment_submissions" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_submissions" ADD COLUMN "checks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "unmatched_payments" ADD CONSTRAINT "unmatched_payments_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unmatched_payments" ADD CONSTRAINT "unmatched_payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unmatched_payments_transfer_unique" ON "unmatched_payments" USING btree ("merchant_id","chain_id","tx_hash","log_index");--> statement-breakpoint
CREATE INDEX "unmatched_payments_merchant_created_idx" ON "unmatched_payments" USING btree ("merchant_id","livemode","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "unmatched_payments_invoice_idx" ON "unmatched_payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payment_submissions_due_idx" ON "payment_submissions" USING btree ("chain_id","next_check_at") WHERE "payment_submissions"."status" in ('unseen', 'pending');--> statement-breakpoint
CREATE INDEX "payment_submissions_client_idx" ON "payment_submissions" USING btree ("client_address") WHERE "payment_submissions"."status" in ('unseen', 'pending');--> statement-breakpoint
-- A posted hash the node never knew (no sender recorded) is a hint, not a payment on its way.
UPDATE "payment_submissions" SET "status" = 'unseen' WHERE "status" = 'pending' AND "from_address" IS NULL;--> statement-breakpoint
UPDATE "payment_submissions" SET "next_check_at" = now() WHERE "status" IN ('unseen', 'pending');
