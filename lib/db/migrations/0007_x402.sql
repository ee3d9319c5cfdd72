ALTER TABLE "relayer_transactions" ADD COLUMN "nonce_reference" text;--> statement-breakpoint
ALTER TABLE "relayer_transactions" ADD COLUMN "source" text DEFAULT 'checkout' NOT NULL;--> statement-breakpoint
CREATE INDEX "relayer_transactions_x402_idx" ON "relayer_transactions" USING btree ("source","created_at") WHERE "relayer_transactions"."source" <> 'checkout';--> statement-breakpoint
CREATE INDEX "relayer_transactions_nonce_reference_idx" ON "relayer_transactions" USING btree ("nonce_reference") WHERE "relayer_transactions"."nonce_reference" is not null;--> statement-breakpoint
UPDATE "relayer_transactions" SET "nonce_reference" = substr("authorization_nonce", 1, 34) WHERE "authorization_nonce" IS NOT NULL;
