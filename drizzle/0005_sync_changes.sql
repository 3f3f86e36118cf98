-- Sync: a per-user change counter and a change log written by triggers in the writing
-- transaction. Hand-edited after drizzle-kit generate: the backfill, row-level security and the
-- triggers below the generated tables.
CREATE TABLE "change_log" (
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"object_id" uuid NOT NULL,
	"op" text NOT NULL,
	"seq" bigint NOT NULL,
	"changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_log_pkey" PRIMARY KEY("user_id","kind","object_id"),
	CONSTRAINT "change_log_kind_values" CHECK ("change_log"."kind" in ('task', 'list')),
	CONSTRAINT "change_log_op_values" CHECK ("change_log"."op" in ('upsert', 'delete'))
);
--> statement-breakpoint
CREATE TABLE "sync_counters" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"pruned_through" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_counters" ADD CONSTRAINT "sync_counters_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "change_log_user_seq_key" ON "change_log" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "change_log_tombstones_idx" ON "change_log" USING btree ("user_id","changed_at") WHERE "change_log"."op" = 'delete';
--> statement-breakpoint
-- Every existing task and list starts in the log as an upsert (lists first, then tasks, oldest
-- first), so a snapshot is just "the live rows of the log". The owner reads tasks and lists only
-- without FORCE (lifted inside this migration's transaction, as in 0004).
ALTER TABLE "tasks" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "lists" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO "change_log" ("user_id", "kind", "object_id", "op", "seq", "changed_at")
SELECT "user_id", "kind", "id", 'upsert', row_number() OVER (PARTITION BY "user_id" ORDER BY "rank", "created_at", "id"), "updated_at"
FROM (
  SELECT "user_id", 'list' AS "kind", "id", 0 AS "rank", "created_at", "updated_at" FROM "lists"
  UNION ALL
  SELECT "user_id", 'task', "id", 1, "created_at", "updated_at" FROM "tasks"
) "objects";--> statement-breakpoint
INSERT INTO "sync_counters" ("user_id", "last_seq")
SELECT "id", coalesce((SELECT max("seq") FROM "change_log" WHERE "change_log"."user_id" = "user"."id"), 0) FROM "user";--> statement-breakpoint
ALTER TABLE "tasks" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "lists" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "change_log" TO task_api;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON TABLE "sync_counters" TO task_api;--> statement-breakpoint
ALTER TABLE "change_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "change_log" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sync_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sync_counters" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- As on tasks (0002): no user set, no rows.
CREATE POLICY change_log_owner_only ON "change_log"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY sync_counters_owner_only ON "sync_counters"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
-- Before a request transaction's first write: the user's counter row lock, held to commit. It is
-- taken before any task or list row is locked, so two of one user's transactions queue here
-- instead of deadlocking (one holding a task row and waiting for the counter, the other the
-- reverse). Only request transactions (app.user_id set) are logged: an account deletion's cascade
-- is not a change anyone will sync.
CREATE FUNCTION sync_take_counter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me uuid := nullif(current_setting('app.user_id', true), '')::uuid;
BEGIN
  IF me IS NULL OR current_setting('app.sync_counter_held', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM sync_counters WHERE user_id = me FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO sync_counters (user_id) VALUES (me) ON CONFLICT (user_id) DO NOTHING;
    PERFORM 1 FROM sync_counters WHERE user_id = me FOR UPDATE;
  END IF;
  PERFORM set_config('app.sync_counter_held', 'on', true);
  RETURN NULL;
END
$$;--> statement-breakpoint
-- After each writing statement: number its rows with the user's next change numbers and record
-- them (the latest change of an object replaces its earlier one), then notify listeners; NOTIFY
-- is delivered at commit, and never for a transaction that rolls back. TG_ARGV[0]: the kind.
CREATE FUNCTION sync_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  changed bigint;
  top bigint;
BEGIN
  IF me IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT count(*) INTO changed FROM changed_rows WHERE user_id = me;
  IF changed = 0 THEN
    RETURN NULL;
  END IF;
  UPDATE sync_counters SET last_seq = last_seq + changed WHERE user_id = me RETURNING last_seq INTO top;
  INSERT INTO change_log AS log (user_id, kind, object_id, op, seq, changed_at)
    SELECT me, TG_ARGV[0], id, CASE TG_OP WHEN 'DELETE' THEN 'delete' ELSE 'upsert' END,
      top - changed + row_number() OVER (ORDER BY id), now()
    FROM changed_rows WHERE user_id = me
  ON CONFLICT (user_id, kind, object_id) DO UPDATE SET op = excluded.op, seq = excluded.seq, changed_at = excluded.changed_at;
  PERFORM pg_notify('task_service_changes', me::text || ':' || top::text);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tasks_take_counter BEFORE INSERT OR UPDATE OR DELETE ON "tasks" FOR EACH STATEMENT EXECUTE FUNCTION sync_take_counter();--> statement-breakpoint
CREATE TRIGGER lists_take_counter BEFORE INSERT OR UPDATE OR DELETE ON "lists" FOR EACH STATEMENT EXECUTE FUNCTION sync_take_counter();--> statement-breakpoint
CREATE TRIGGER tasks_log_inserts AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_changes('task');--> statement-breakpoint
CREATE TRIGGER tasks_log_updates AFTER UPDATE ON "tasks" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_changes('task');--> statement-breakpoint
CREATE TRIGGER tasks_log_deletes AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_changes('task');--> statement-breakpoint
CREATE TRIGGER lists_log_inserts AFTER INSERT ON "lists" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_changes('list');--> statement-breakpoint
CREATE TRIGGER lists_log_updates AFTER UPDATE ON "lists" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_changes('list');--> statement-breakpoint
CREATE TRIGGER lists_log_deletes AFTER DELETE ON "lists" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_changes('list');
