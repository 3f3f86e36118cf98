-- Custom migration: row-level security on tasks, the second wall behind the repository's
-- user_id filters. Every request transaction runs as task_api (no superuser, no BYPASSRLS) with
-- app.user_id set transaction-locally; the policy then hides every other user's rows, and with
-- no user set it hides all of them.

-- Roles belong to the whole cluster: another database (or a concurrent migration in one) may
-- have created it already.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'task_api') THEN
    CREATE ROLE task_api NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
-- The connecting user must be allowed to SET ROLE task_api (superusers already are; a managed
-- database's owner role such as Neon's may not be).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'task_api', 'MEMBER') THEN
    EXECUTE format('GRANT task_api TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO task_api;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE tasks TO task_api;
--> statement-breakpoint
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- FORCE: the table owner is subject to the policy too (superusers still bypass it, hence task_api).
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- current_setting(..., true) is NULL when unset, and '' after a transaction-local value ends:
-- both compare as NULL, so no row matches.
CREATE POLICY tasks_owner_only ON tasks
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
