-- Lists, subtasks and manual order. Hand-edited after drizzle-kit generate: the new task columns
-- are added nullable, every existing user gets an Inbox holding their tasks (oldest first), and
-- only then do the columns become NOT NULL; lists get the same row-level security as tasks.
CREATE TABLE "lists" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"color" text,
	"is_inbox" boolean DEFAULT false NOT NULL,
	"position" text COLLATE "C" NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lists_pkey" PRIMARY KEY("user_id","id"),
	CONSTRAINT "lists_name_length" CHECK (char_length("lists"."name") between 1 and 100 and btrim("lists"."name") <> ''),
	CONSTRAINT "lists_color_format" CHECK ("lists"."color" ~ '^#[0-9a-f]{6}$'),
	CONSTRAINT "lists_version_positive" CHECK ("lists"."version" >= 1)
);
--> statement-breakpoint
-- The owner bypasses row-level security only without FORCE: lift it for the backfill (this
-- migration runs in one transaction, so no request ever sees the table without it).
ALTER TABLE "tasks" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "list_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "parent_key" uuid GENERATED ALWAYS AS (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "position" text COLLATE "C";--> statement-breakpoint
-- 'a0' is fractional-indexing's first key (generateKeyBetween(null, null)).
INSERT INTO "lists" ("user_id", "name", "is_inbox", "position") SELECT "id", 'Inbox', true, 'a0' FROM "user";--> statement-breakpoint
-- Existing tasks keep their creation order. The keys are fractional-indexing integer keys: 'e'
-- and five base-62 digits (room for 916 million tasks per user), which the library continues from.
UPDATE "tasks" SET "list_id" = "l"."id", "position" = "numbered"."key"
FROM "lists" "l", (
  SELECT "user_id", "id", 'e' || (
    SELECT string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ((("n" / (62::bigint ^ "k")::bigint) % 62) + 1)::int, 1), '' ORDER BY "k" DESC)
    FROM generate_series(0, 4) AS "k"
  ) AS "key"
  FROM (SELECT "user_id", "id", row_number() OVER (PARTITION BY "user_id" ORDER BY "created_at", "id") - 1 AS "n" FROM "tasks") "ranked"
) "numbered"
WHERE "l"."user_id" = "tasks"."user_id" AND "l"."is_inbox" AND "numbered"."user_id" = "tasks"."user_id" AND "numbered"."id" = "tasks"."id";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "list_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "position" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "lists" ADD CONSTRAINT "lists_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lists_one_inbox_per_user" ON "lists" USING btree ("user_id") WHERE "lists"."is_inbox";--> statement-breakpoint
CREATE UNIQUE INDEX "lists_user_position_key" ON "lists" USING btree ("user_id","position");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_list_fk" FOREIGN KEY ("user_id","list_id") REFERENCES "public"."lists"("user_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_fk" FOREIGN KEY ("user_id","parent_id") REFERENCES "public"."tasks"("user_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_sibling_position_key" ON "tasks" USING btree ("user_id","list_id","parent_key","position");--> statement-breakpoint
CREATE INDEX "tasks_user_parent_idx" ON "tasks" USING btree ("user_id","parent_id");--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "lists" TO task_api;--> statement-breakpoint
ALTER TABLE "lists" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "lists" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- As on tasks (0002): no user set, no rows.
CREATE POLICY lists_owner_only ON "lists"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
