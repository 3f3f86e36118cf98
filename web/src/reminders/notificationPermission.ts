// Browser notifications for reminders. The permission prompt is shown at most once per browser
// (remembered in localStorage), and only in answer to something the person did (adding a reminder,
// or the button in Settings): browsers bury or block sites that prompt unasked or repeatedly.

export type NotificationState = 'unsupported' | NotificationPermission;

const ASKED_KEY = 'tasks.notifications-asked';

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function askedBefore(): boolean {
  try {
    return localStorage.getItem(ASKED_KEY) !== null;
  } catch {
    return false;
  }
}

/** Asks for permission if the browser has not been asked yet. `force`: the person asked for it (a button). */
export async function askForNotifications(force = false): Promise<NotificationState> {
  const state = notificationState();
  if (state !== 'default' || (!force && askedBefore())) return state;
  try {
    localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    // Private mode without storage: the browser's own limit on prompts still applies.
  }
  try {
    return await Notification.requestPermission();
  } catch {
    return notificationState();
  }
}
