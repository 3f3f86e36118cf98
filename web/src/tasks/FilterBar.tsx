import { useId, type ChangeEvent } from 'react';
import type { PriorityValue } from '../../../src/tasks/tasks.schemas.js';
import { PriorityOptions } from './PriorityOptions.js';
import { SORT_OPTIONS, STATUS_OPTIONS, type SortValue, type StatusFilter, type TaskFilters } from './taskFilters.js';

interface Props {
  filters: TaskFilters;
  onChange: (update: Partial<TaskFilters>) => void;
  onClear: () => void;
  canClear: boolean;
}

// Labels here avoid the add form's words ("Title", "Priority", "Tags", ...), so each of those
// names one input on the page.
export function FilterBar({ filters, onChange, onClear, canClear }: Props) {
  const id = useId();
  const text = (key: 'q' | 'tags') => (e: ChangeEvent<HTMLInputElement>) => onChange({ [key]: e.target.value });

  return (
    <div className="filters" role="search">
      <div className="field grow">
        <label htmlFor={`${id}-q`}>Search tasks</label>
        <input id={`${id}-q`} type="search" value={filters.q} onChange={text('q')} placeholder="Words in title or description" autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={filters.status} onChange={(e) => onChange({ status: e.target.value as StatusFilter })}>
          {STATUS_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-importance`}>Importance</label>
        <select id={`${id}-importance`} value={filters.priority} onChange={(e) => onChange({ priority: e.target.value as PriorityValue | '' })}>
          <option value="">Any</option>
          <PriorityOptions />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-tag`}>Filter by tag</label>
        <input id={`${id}-tag`} type="text" value={filters.tags} onChange={text('tags')} placeholder="e.g. work" autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select id={`${id}-sort`} value={filters.sort} onChange={(e) => onChange({ sort: e.target.value as SortValue })}>
          {SORT_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {canClear && (
        <div className="field field-button">
          <button type="button" onClick={onClear}>
            Clear filters
          </button>
        </div>
      )}
    </div>
  );
}
