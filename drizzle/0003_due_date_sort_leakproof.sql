DROP INDEX "tasks_user_due_asc_idx";--> statement-breakpoint
DROP INDEX "tasks_user_due_desc_idx";--> statement-breakpoint
CREATE INDEX "tasks_user_due_asc_idx" ON "tasks" USING btree ("user_id",(case when "due_date" is null then 'infinity'::timestamptz else "due_date" end),"id");--> statement-breakpoint
CREATE INDEX "tasks_user_due_desc_idx" ON "tasks" USING btree ("user_id",(case when "due_date" is null then '-infinity'::timestamptz else "due_date" end),"id");