import { useId, useRef, useState, type FormEvent } from 'react';
import type { NewWebhookDto, WebhookEventName } from '../../../src/webhooks/webhooks.schemas.js';
import { createWebhook } from '../api/webhooks.js';
import { FieldMessage, fieldAria, fieldProblem, formProblem, ProblemSummary, type FormProblem } from './formProblem.js';
import { EVENT_TEXT, EVENTS } from './webhookEvents.js';

const URL_MAX = 2000;
const LABELS = { url: 'Webhook URL', events: 'Events' };

/** The server judges the address (scheme, where it resolves); the form only insists on one. */
export function WebhookForm({ onCreated, autoFocus = false }: { autoFocus?: boolean; onCreated: (hook: NewWebhookDto) => void }) {
  const id = useId();
  const urlInput = useRef<HTMLInputElement>(null);
  const firstEvent = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<ReadonlySet<WebhookEventName>>(() => new Set(EVENTS));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  function toggle(event: WebhookEventName, on: boolean) {
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const address = url.trim();
    if (address === '') {
      setProblem(fieldProblem('url', 'Enter the address deliveries go to, e.g. https://example.com/hooks/tasks.'));
      urlInput.current?.focus();
      return;
    }
    if (events.size === 0) {
      setProblem(fieldProblem('events', 'Choose at least one event.'));
      firstEvent.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const created = await createWebhook({ url: address, events: EVENTS.filter((event) => events.has(event)) });
      setUrl('');
      setEvents(new Set(EVENTS));
      onCreated(created);
    } catch (err) {
      const refused = formProblem(err, LABELS);
      setProblem(refused);
      if (refused.fields.url !== undefined) urlInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const eventsInvalid = problem?.fields.events !== undefined;
  return (
    <form className="integration-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} aria-busy={busy || undefined}>
      <h4 id={`${id}-heading`}>New webhook</h4>
      <div className="field">
        <label htmlFor={`${id}-url`}>{LABELS.url}</label>
        <input
          ref={urlInput}
            autoFocus={autoFocus}
          id={`${id}-url`}
          type="url"
          inputMode="url"
          value={url}
          maxLength={URL_MAX}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/hooks/tasks"
          onChange={(e) => setUrl(e.target.value)}
          {...fieldAria(problem, 'url', `${id}-url-error`)}
        />
        <FieldMessage problem={problem} field="url" id={`${id}-url-error`} />
      </div>
      <fieldset className="event-choices" aria-describedby={eventsInvalid ? `${id}-events-error` : undefined}>
        <legend>{LABELS.events}</legend>
        {EVENTS.map((event, i) => (
          <label key={event} className="event-choice">
            <input ref={i === 0 ? firstEvent : undefined} type="checkbox" checked={events.has(event)} onChange={(e) => toggle(event, e.target.checked)} />
            {EVENT_TEXT[event]}
          </label>
        ))}
        <FieldMessage problem={problem} field="events" id={`${id}-events-error`} />
      </fieldset>
      <ProblemSummary problem={problem} />
      <div className="form-actions">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Adding…' : 'Add webhook'}
        </button>
      </div>
    </form>
  );
}
