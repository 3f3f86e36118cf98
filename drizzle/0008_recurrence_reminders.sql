-- Recurrence and reminders: the task's rule, zone and reminders; its completions; the reminder
-- schedule the scheduler works from; the deliveries the event stream sends. Hand-edited after
-- drizzle-kit generate: grants, row-level security, the scheduler's role and the triggers below.
CREATE TABLE "reminder_deliveries" (
	"user_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"reminder_id" uuid NOT NULL,
	"occurrence" timestamp (3) with time zone NOT NULL,
	"task_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_date" timestamp (3) with time zone,
	"late" boolean NOT NULL,
	"delivered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_deliveries_pkey" PRIMARY KEY("user_id","seq")
);
--> statement-breakpoint
CREATE TABLE "task_completions" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"completed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"due_date" timestamp (3) with time zone,
	CONSTRAINT "task_completions_pkey" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "task_reminders" (
	"user_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"occurrence" timestamp (3) with time zone,
	"fire_at" timestamp (3) with time zone,
	"fired_for" timestamp (3) with time zone,
	CONSTRAINT "task_reminders_pkey" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "recurrence" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "recurrence_start" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reminders" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "last_completed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_completions" ADD CONSTRAINT "task_completions_task_fk" FOREIGN KEY ("user_id","task_id") REFERENCES "public"."tasks"("user_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_task_fk" FOREIGN KEY ("user_id","task_id") REFERENCES "public"."tasks"("user_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_deliveries_once_key" ON "reminder_deliveries" USING btree ("user_id","reminder_id","occurrence");--> statement-breakpoint
CREATE INDEX "reminder_deliveries_age_idx" ON "reminder_deliveries" USING btree ("delivered_at");--> statement-breakpoint
CREATE INDEX "task_completions_task_idx" ON "task_completions" USING btree ("user_id","task_id","completed_at");--> statement-breakpoint
CREATE INDEX "task_reminders_task_idx" ON "task_reminders" USING btree ("user_id","task_id");--> statement-breakpoint
CREATE INDEX "task_reminders_due_idx" ON "task_reminders" USING btree ("fire_at") WHERE "task_reminders"."fire_at" is not null;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_recurrence_needs_due_date" CHECK ("tasks"."recurrence" is null or ("tasks"."due_date" is not null and "tasks"."recurrence_start" is not null));--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_reminders_count" CHECK (jsonb_typeof("tasks"."reminders") = 'array' and jsonb_array_length("tasks"."reminders") <= 10);
--> statement-breakpoint
-- As every user table: the request role reads and writes only the rows of app.user_id.
GRANT SELECT, INSERT ON TABLE "task_completions" TO task_api;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "task_reminders" TO task_api;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON TABLE "reminder_deliveries" TO task_api;--> statement-breakpoint
ALTER TABLE "task_completions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "task_completions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "task_reminders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "task_reminders" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY task_completions_owner_only ON "task_completions"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY task_reminders_owner_only ON "task_reminders"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY reminder_deliveries_owner_only ON "reminder_deliveries"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
-- The scheduler finds what is due across users as task_scheduler: it may read only the ids and
-- fire times of pending reminders (no title, no task). It delivers each user's reminders in that
-- user's own request transaction (task_api, app.user_id set), like any request.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'task_scheduler') THEN
    CREATE ROLE task_scheduler NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'task_scheduler', 'MEMBER') THEN
    EXECUTE format('GRANT task_scheduler TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO task_scheduler;--> statement-breakpoint
GRANT SELECT ("user_id", "id", "fire_at") ON TABLE "task_reminders" TO task_scheduler;--> statement-breakpoint
CREATE POLICY task_reminders_scheduler_sees_pending ON "task_reminders" FOR SELECT TO task_scheduler
  USING (fire_at IS NOT NULL);--> statement-breakpoint
-- A reminder's id follows from its task and its time (md5 of both, shaped as a UUID): the same
-- reminder sent back keeps its id, and with it what it has already fired for.
CREATE FUNCTION tasks_name_reminders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.reminders := coalesce((
    SELECT jsonb_agg(CASE WHEN r ? 'at'
        THEN jsonb_build_object('id', md5(NEW.id::text || '/at/' || (r->>'at'))::uuid, 'at', r->'at')
        ELSE jsonb_build_object('id', md5(NEW.id::text || '/before/' || (r->>'minutes_before_due'))::uuid, 'minutes_before_due', r->'minutes_before_due')
      END ORDER BY ord)
    FROM jsonb_array_elements(NEW.reminders) WITH ORDINALITY AS e(r, ord)), '[]'::jsonb);
  RETURN NEW;
END
$$;--> statement-breakpoint
-- The schedule follows the task: a reminder's occurrence is its own time, or the task's due date;
-- it fires at that time (or minutes_before_due earlier) unless the task is completed, it already
-- fired for that occurrence, or the time was already over a minute past when it was set (an
-- overdue occurrence a recurring task moved to, say). A pending reminder whose occurrence did
-- not change keeps its time even when that is past: the scheduler delivers it late.
CREATE FUNCTION tasks_schedule_reminders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM task_reminders s WHERE s.user_id = NEW.user_id AND s.task_id = NEW.id
    AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.reminders) r WHERE (r->>'id')::uuid = s.id);
  INSERT INTO task_reminders AS s (user_id, id, task_id, occurrence, fire_at, fired_for)
  SELECT NEW.user_id, w.id, NEW.id, w.occurrence,
    CASE WHEN w.fire_at < now() - interval '1 minute' THEN NULL ELSE w.fire_at END,
    CASE WHEN w.fire_at < now() - interval '1 minute' THEN w.occurrence END
  FROM (
    SELECT (r->>'id')::uuid AS id,
      CASE WHEN r ? 'at' THEN (r->>'at')::timestamptz ELSE NEW.due_date END AS occurrence,
      CASE WHEN NEW.is_completed THEN NULL
        WHEN r ? 'at' THEN (r->>'at')::timestamptz
        ELSE NEW.due_date - make_interval(mins => (r->>'minutes_before_due')::int) END AS fire_at
    FROM jsonb_array_elements(NEW.reminders) r
  ) w
  ON CONFLICT (user_id, id) DO UPDATE SET
    occurrence = excluded.occurrence,
    fire_at = CASE
      WHEN s.fired_for IS NOT DISTINCT FROM excluded.occurrence THEN NULL
      WHEN excluded.fire_at IS NULL AND excluded.fired_for IS NULL THEN NULL
      WHEN s.occurrence IS NOT DISTINCT FROM excluded.occurrence AND s.fire_at IS NOT NULL THEN s.fire_at
      ELSE excluded.fire_at END,
    fired_for = CASE
      WHEN s.fired_for IS NOT DISTINCT FROM excluded.occurrence THEN s.fired_for
      WHEN excluded.fire_at IS NULL AND excluded.fired_for IS NULL THEN s.fired_for
      WHEN s.occurrence IS NOT DISTINCT FROM excluded.occurrence AND s.fire_at IS NOT NULL THEN s.fired_for
      ELSE coalesce(excluded.fired_for, s.fired_for) END;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tasks_name_reminders BEFORE INSERT OR UPDATE OF reminders ON "tasks"
  FOR EACH ROW WHEN (NEW.reminders <> '[]'::jsonb) EXECUTE FUNCTION tasks_name_reminders();--> statement-breakpoint
CREATE TRIGGER tasks_schedule_new_reminders AFTER INSERT ON "tasks"
  FOR EACH ROW WHEN (NEW.reminders <> '[]'::jsonb) EXECUTE FUNCTION tasks_schedule_reminders();--> statement-breakpoint
CREATE TRIGGER tasks_schedule_reminders AFTER UPDATE OF reminders, due_date, is_completed ON "tasks"
  FOR EACH ROW WHEN (NEW.reminders <> '[]'::jsonb OR OLD.reminders <> '[]'::jsonb) EXECUTE FUNCTION tasks_schedule_reminders();
