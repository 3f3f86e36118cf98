// The recurrence picker: a preset, what the preset needs (days of the week, a day of the month, or
// the rule itself), and a preview of what it means. Ids derive from `id` (the preset select's), so
// an add form and an edit form can be on the page together.
import { useMemo } from 'react';
import { PRESET_OPTIONS, WEEKDAYS, ruleOf, sortDays, withPreset, type RepeatDraft, type RepeatPreset, type Weekday } from './repeatDraft.js';
import { RepeatPreview } from './RepeatPreview.js';

interface Props {
  id: string;
  repeat: RepeatDraft;
  /** ISO due date from the form, or null. */
  due: string | null;
  timeZone: string;
  /** The form's error list, when it names this field. */
  errorsId?: string;
  onChange: (repeat: RepeatDraft) => void;
}

export function RepeatFields({ id, repeat, due, timeZone, errorsId, onChange }: Props) {
  const rule = useMemo(() => ruleOf(repeat), [repeat]);
  const previewId = `${id}-preview`;
  const describedBy = [previewId, errorsId ?? ''].filter(Boolean).join(' ');
  const invalid = errorsId !== undefined || undefined;

  function choose(preset: RepeatPreset) {
    const next = withPreset(repeat, preset);
    // Weekly starts from the due date's weekday, which is what "every week" means without days.
    if (preset === 'weekly' && next.days.length === 0 && due !== null) {
      const day = WEEKDAYS[(new Date(due).getDay() + 6) % 7];
      if (day) return onChange({ ...next, days: [day.code] });
    }
    onChange(next);
  }

  function toggleDay(day: Weekday, on: boolean) {
    onChange({ ...repeat, days: sortDays(on ? [...repeat.days, day] : repeat.days.filter((d) => d !== day)) });
  }

  return (
    <div className="field span-all repeat-field">
      <label htmlFor={id}>Repeat</label>
      <select id={id} value={repeat.preset} onChange={(e) => choose(e.target.value as RepeatPreset)} aria-describedby={describedBy} aria-invalid={invalid}>
        {PRESET_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {repeat.preset === 'weekly' && (
        <fieldset className="weekdays">
          <legend>On</legend>
          {WEEKDAYS.map((day) => (
            <label key={day.code} className="weekday">
              <input type="checkbox" checked={repeat.days.includes(day.code)} onChange={(e) => toggleDay(day.code, e.target.checked)} />
              <span aria-hidden="true">{day.short}</span>
              <span className="visually-hidden">{day.name}</span>
            </label>
          ))}
          {repeat.days.length === 0 && <p className="hint">No day chosen: the due date’s weekday.</p>}
        </fieldset>
      )}
      {repeat.preset === 'monthly' && (
        <div className="field repeat-detail">
          <label htmlFor={`${id}-month-day`}>Day of the month</label>
          <input
            id={`${id}-month-day`}
            type="number"
            inputMode="numeric"
            min={1}
            max={31}
            value={repeat.monthDay}
            placeholder={due === null ? '' : String(new Date(due).getDate())}
            onChange={(e) => onChange({ ...repeat, monthDay: e.target.value })}
            aria-describedby={`${id}-month-day-hint ${describedBy}`}
          />
          <p className="hint" id={`${id}-month-day-hint`}>
            Empty: the due date’s day. Months without that day are skipped.
          </p>
        </div>
      )}
      {repeat.preset === 'custom' && (
        <div className="field repeat-detail">
          <label htmlFor={`${id}-rule`}>Rule (RRULE)</label>
          <input
            id={`${id}-rule`}
            type="text"
            value={repeat.custom}
            placeholder="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange({ ...repeat, custom: e.target.value })}
            aria-describedby={`${id}-rule-hint ${describedBy}`}
            aria-invalid={'problem' in rule || undefined}
          />
          <p className="hint" id={`${id}-rule-hint`}>
            An RFC 5545 rule without “RRULE:”, such as FREQ=MONTHLY;BYDAY=-1FR (the last Friday of each month).
          </p>
        </div>
      )}
      <RepeatPreview id={previewId} rule={rule} due={due} timeZone={timeZone} />
    </div>
  );
}
