// The reminders domain: no routes of its own (reminders are set on tasks, and delivered on the
// event stream); it runs the scheduler for as long as the app runs.
import type { DomainPlugin } from '../domains.js';
import { ReminderScheduler } from './reminder-scheduler.js';

export const remindersPlugin: DomainPlugin = async (app, { database, reminders }) => {
  const scheduler = new ReminderScheduler(database, reminders, app.log);
  // A test that takes the scheduler drives it (tick()) with its own clock; otherwise it runs by
  // itself once the app is ready (migrations applied), and stops before the database closes.
  if (reminders.onScheduler) reminders.onScheduler(scheduler);
  else app.addHook('onReady', async () => scheduler.start());
  app.addHook('preClose', async () => scheduler.stop());
};
