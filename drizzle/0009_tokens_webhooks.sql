CREATE TABLE "access_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"last_used_at" timestamp (3) with time zone,
	CONSTRAINT "access_tokens_scopes_values" CHECK ("access_tokens"."scopes" <@ array['read', 'write']::text[] and 'read' = any("access_tokens"."scopes"))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"event" text NOT NULL,
	"task_id" uuid,
	"data" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"sealed_secret" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"failing_since" timestamp (3) with time zone,
	"last_success_at" timestamp (3) with time zone,
	"last_failure_at" timestamp (3) with time zone,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_tokens_hash_key" ON "access_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "access_tokens_user_idx" ON "access_tokens" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_hook_idx" ON "webhook_deliveries" USING btree ("webhook_id","task_id","seq");--> statement-breakpoint
CREATE INDEX "webhooks_user_idx" ON "webhooks" USING btree ("user_id","created_at");--> statement-breakpoint
-- As every user table: the request role reads and writes only the rows of app.user_id.
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "access_tokens" TO task_api;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "webhooks" TO task_api;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "webhook_deliveries" TO task_api;--> statement-breakpoint
ALTER TABLE "access_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "access_tokens" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhooks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhooks" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY access_tokens_owner_only ON "access_tokens"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY webhooks_owner_only ON "webhooks"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY webhook_deliveries_owner_only ON "webhook_deliveries"
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
-- The service's other lookups across users, as task_scheduler (0008), each through a narrow
-- column grant: a token by its hash (before anyone is known: the hash is the credential), and
-- which users have webhook deliveries due (then delivered in each user's own transaction).
GRANT SELECT ("id", "user_id", "token_hash", "scopes", "expires_at", "last_used_at") ON TABLE "access_tokens" TO task_scheduler;--> statement-breakpoint
CREATE POLICY access_tokens_found_by_hash ON "access_tokens" FOR SELECT TO task_scheduler USING (true);--> statement-breakpoint
GRANT SELECT ("user_id", "next_attempt_at") ON TABLE "webhook_deliveries" TO task_scheduler;--> statement-breakpoint
CREATE POLICY webhook_deliveries_scheduler_sees_due ON "webhook_deliveries" FOR SELECT TO task_scheduler USING (true);--> statement-breakpoint
-- A task's change queues one delivery per hook of its owner that wants the event, in the writing
-- transaction; one statement per write however many rows it touches, like the change log (0005),
-- and nearly free for a user without hooks (the first query finds none). The data is the row as
-- written (mapped to the Task shape when sent); a deletion sends the task as it was. Completing
-- counts as task.completed, also when a recurring task moves on to its next occurrence
-- (last_completed_at changes) rather than staying completed.
CREATE FUNCTION tasks_queue_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhooks) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO webhook_deliveries (user_id, webhook_id, event, task_id, data)
      SELECT t.user_id, w.id, 'task.created', t.id, to_jsonb(t) - 'search'
      FROM new_rows t JOIN webhooks w ON w.user_id = t.user_id AND 'task.created' = ANY (w.events)
      ORDER BY t.id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO webhook_deliveries (user_id, webhook_id, event, task_id, data)
      SELECT t.user_id, w.id, 'task.deleted', t.id, to_jsonb(t) - 'search'
      FROM old_rows t JOIN webhooks w ON w.user_id = t.user_id AND 'task.deleted' = ANY (w.events)
      ORDER BY t.id;
  ELSE
    INSERT INTO webhook_deliveries (user_id, webhook_id, event, task_id, data)
      SELECT t.user_id, w.id, e.event, t.id, to_jsonb(t) - 'search'
      FROM new_rows t JOIN old_rows o ON o.user_id = t.user_id AND o.id = t.id
      CROSS JOIN LATERAL (SELECT CASE
          WHEN (t.is_completed AND NOT o.is_completed)
            OR (t.last_completed_at IS NOT NULL AND t.last_completed_at IS DISTINCT FROM o.last_completed_at)
          THEN 'task.completed' ELSE 'task.updated' END AS event) e
      JOIN webhooks w ON w.user_id = t.user_id AND e.event = ANY (w.events)
      ORDER BY t.id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tasks_queue_webhooks_inserts AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_queue_webhooks();--> statement-breakpoint
CREATE TRIGGER tasks_queue_webhooks_updates AFTER UPDATE ON "tasks" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_queue_webhooks();--> statement-breakpoint
CREATE TRIGGER tasks_queue_webhooks_deletes AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_queue_webhooks();--> statement-breakpoint
-- A reminder delivered (the scheduler's outbox row) is also a "reminder" event for the hooks.
CREATE FUNCTION reminder_deliveries_queue_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (user_id, webhook_id, event, task_id, data)
    SELECT NEW.user_id, w.id, 'reminder', NEW.task_id,
      jsonb_build_object('task_id', NEW.task_id, 'title', NEW.title, 'due_date', NEW.due_date, 'late', NEW.late)
    FROM webhooks w WHERE w.user_id = NEW.user_id AND 'reminder' = ANY (w.events);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER reminder_deliveries_queue_webhooks AFTER INSERT ON "reminder_deliveries"
  FOR EACH ROW EXECUTE FUNCTION reminder_deliveries_queue_webhooks();
