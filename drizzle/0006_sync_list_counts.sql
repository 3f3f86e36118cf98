-- A list's open_count and task_count change with its tasks, not with the list row: a task added,
-- deleted, completed, reopened or moved to another list also logs each list whose counts it
-- changed (one more upsert per list in the change log), so a client that syncs holds the counts
-- the API shows. Lists that are gone (a list delete's cascade over its tasks) are not logged: an
-- upsert would overwrite their tombstone. Same numbering as 0005: under the user's counter row
-- lock, taken by the BEFORE STATEMENT triggers that already run on tasks.
CREATE FUNCTION sync_log_lists(me uuid, list_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  changed bigint;
  top bigint;
BEGIN
  SELECT count(*) INTO changed FROM lists WHERE user_id = me AND id = ANY (list_ids);
  IF changed = 0 THEN
    RETURN;
  END IF;
  UPDATE sync_counters SET last_seq = last_seq + changed WHERE user_id = me RETURNING last_seq INTO top;
  INSERT INTO change_log AS log (user_id, kind, object_id, op, seq, changed_at)
    SELECT me, 'list', id, 'upsert', top - changed + row_number() OVER (ORDER BY id), now()
    FROM lists WHERE user_id = me AND id = ANY (list_ids)
  ON CONFLICT (user_id, kind, object_id) DO UPDATE SET op = excluded.op, seq = excluded.seq, changed_at = excluded.changed_at;
  PERFORM pg_notify('task_service_changes', me::text || ':' || top::text);
END
$$;
--> statement-breakpoint
CREATE FUNCTION sync_log_counted_lists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  ids uuid[];
BEGIN
  IF me IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(DISTINCT list_id) INTO ids FROM counted_rows WHERE user_id = me;
  IF ids IS NOT NULL THEN
    PERFORM sync_log_lists(me, ids);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- An update changes counts only where a task changed list or completion.
CREATE FUNCTION sync_log_recounted_lists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  ids uuid[];
BEGIN
  IF me IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(DISTINCT list_id) INTO ids FROM (
    SELECT o.list_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o.user_id = me AND (o.list_id IS DISTINCT FROM n.list_id OR o.is_completed IS DISTINCT FROM n.is_completed)
    UNION ALL
    SELECT n.list_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.user_id = me AND (o.list_id IS DISTINCT FROM n.list_id OR o.is_completed IS DISTINCT FROM n.is_completed)
  ) moved;
  IF ids IS NOT NULL THEN
    PERFORM sync_log_lists(me, ids);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Named to fire after tasks_log_* (triggers of one event fire in name order): the task's change first.
CREATE TRIGGER tasks_recount_lists_inserts AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS counted_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_counted_lists();--> statement-breakpoint
CREATE TRIGGER tasks_recount_lists_deletes AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS counted_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_counted_lists();--> statement-breakpoint
CREATE TRIGGER tasks_recount_lists_updates AFTER UPDATE ON "tasks" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_log_recounted_lists();
