CREATE TABLE "chain_cursors" (
	"chain_id" integer PRIMARY KEY NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"checkpoints" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"head" bigint,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manual_amounts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "manual_amounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"invoice_id" text NOT NULL,
	"chain_id" integer NOT NULL,
	"token_address" text NOT NULL,
	"recipient" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"due" numeric(78, 0) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_targets" (
	"invoice_id" text NOT NULL,
	"chain_id" integer NOT NULL,
	"token_address" text NOT NULL,
	"recipient" text NOT NULL,
	"watch_until" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "payment_targets_invoice_id_chain_id_token_address_pk" PRIMARY KEY("invoice_id","chain_id","token_address")
);
--> statement-breakpoint
ALTER TABLE "payment_submissions" ADD COLUMN "from_address" text;--> statement-breakpoint
ALTER TABLE "payment_submissions" ADD COLUMN "nonce" integer;--> statement-breakpoint
ALTER TABLE "manual_amounts" ADD CONSTRAINT "manual_amounts_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_targets" ADD CONSTRAINT "payment_targets_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "manual_amounts_held_unique" ON "manual_amounts" USING btree ("chain_id","token_address","recipient","amount") WHERE "manual_amounts"."released_at" is null;--> statement-breakpoint
CREATE INDEX "manual_amounts_invoice_idx" ON "manual_amounts" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payment_targets_recipient_idx" ON "payment_targets" USING btree ("chain_id","recipient") WHERE "payment_targets"."active";--> statement-breakpoint
CREATE INDEX "payment_targets_watch_until_idx" ON "payment_targets" USING btree ("chain_id","watch_until") WHERE "payment_targets"."active";--> statement-breakpoint
-- Invoices created before the watcher existed are watched too, for the default monitoring window.
INSERT INTO "payment_targets" ("invoice_id", "chain_id", "token_address", "recipient", "watch_until")
SELECT i."id", (o->>'chainId')::integer, lower(o->'token'->>'address'), lower(o->>'recipient'),
       i."expires_at" + interval '24 hours'
  FROM "invoices" i CROSS JOIN LATERAL jsonb_array_elements(i."payment_options") o
 WHERE i."status" IN ('open', 'processing', 'expired') AND i."expires_at" + interval '24 hours' > now()
ON CONFLICT DO NOTHING;
