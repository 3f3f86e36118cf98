// Waiting for real time to pass, where a test is about time itself (expiry, timestamps that must
// differ, a process's start-up); never as a stand-in for waiting on an event.
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
