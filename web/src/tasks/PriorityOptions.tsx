import { PRIORITY_OPTIONS } from './taskDraft.js';

/** The priorities as a select's options, High first: the task forms and the filter offer the same. */
export function PriorityOptions() {
  return PRIORITY_OPTIONS.map((p) => (
    <option key={p} value={p}>
      {p}
    </option>
  ));
}
