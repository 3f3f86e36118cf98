import { useEffect, useId, useRef, useState } from 'react';
import type { NewWebhookDto, WebhookDto } from '../../../src/webhooks/webhooks.schemas.js';
import { deleteWebhook, listWebhooks } from '../api/webhooks.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ItemsState } from './ItemsState.js';
import { OneTimeSecret } from './OneTimeSecret.js';
import { WebhookForm } from './WebhookForm.js';
import { useItems } from './useItems.js';
import { EVENT_TEXT } from './webhookEvents.js';
import { When } from './When.js';

function Health({ hook }: { hook: WebhookDto }) {
  if (hook.status === 'failing') {
    return (
      <div className="webhook-health">
        <span className="badge badge-failing">
          Failing since {hook.failing_since === null ? 'recently' : <When iso={hook.failing_since} withTime />}
        </span>
        {hook.last_error !== null && <p className="webhook-error">Last error: {hook.last_error}</p>}
      </div>
    );
  }
  return (
    <div className="webhook-health">
      <span className="badge badge-active">Active</span>
      <span className="hint">
        {hook.last_success_at === null ? (
          'Nothing delivered yet'
        ) : (
          <>
            Last delivered <When iso={hook.last_success_at} withTime />
          </>
        )}
      </span>
      {hook.last_failure_at !== null && hook.last_error !== null && (
        <p className="hint webhook-retry">
          Retrying after an error (<When iso={hook.last_failure_at} withTime />): {hook.last_error}
        </p>
      )}
    </div>
  );
}

function WebhookItem({ hook, onDelete }: { hook: WebhookDto; onDelete: () => void }) {
  return (
    <li className="integration-item">
      <div className="integration-main">
        <p className="integration-title webhook-url">{hook.url}</p>
        <p className="integration-meta">{hook.events.map((event) => EVENT_TEXT[event]).join(', ')}</p>
        <Health hook={hook} />
      </div>
      <button type="button" className="small danger" onClick={onDelete} aria-label={`Delete webhook ${hook.url}`} aria-haspopup="dialog">
        Delete
      </button>
    </li>
  );
}

export function WebhooksSection() {
  const id = useId();
  const hooks = useItems(listWebhooks, 'webhooks');
  const [created, setCreated] = useState<NewWebhookDto | null>(null);
  const [deleting, setDeleting] = useState<WebhookDto | null>(null);
  // Back from a shown secret: the form takes focus again.
  const [returning, setReturning] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const [deleted, setDeleted] = useState(0);
  useEffect(() => {
    if (deleted > 0) listHeading.current?.focus();
  }, [deleted]);

  async function remove(hook: WebhookDto) {
    await deleteWebhook(hook.id);
    hooks.remove(hook.id);
    if (created?.id === hook.id) setCreated(null);
    setDeleting(null);
    setDeleted((n) => n + 1);
  }

  return (
    <section className="integration-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Webhooks</h3>
      <p className="hint">
        The service POSTs each chosen event to your URL as JSON, and retries for a day if that fails. Each delivery is signed with the webhook’s secret: its <code>X-Signature</code> header holds <code>sha256=</code> and the hex HMAC-SHA256 of the body.
      </p>
      {created ? (
        <OneTimeSecret
          label={`Signing secret for ${created.url}`}
          value={created.secret}
          onDone={() => {
            setCreated(null);
            setReturning(true);
          }}
        />
      ) : (
        <WebhookForm
          autoFocus={returning}
          onCreated={(hook) => {
            setCreated(hook);
            hooks.add(hook, 'last');
          }}
        />
      )}
      <h4 id={`${id}-list`} ref={listHeading} tabIndex={-1}>
        Your webhooks
      </h4>
      <ItemsState state={hooks} loading="Loading your webhooks…" empty="No webhooks yet." />
      {hooks.items && hooks.items.length > 0 && (
        <ul className="integration-list" aria-labelledby={`${id}-list`}>
          {hooks.items.map((hook) => (
            <WebhookItem key={hook.id} hook={hook} onDelete={() => setDeleting(hook)} />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this webhook?"
          confirmLabel="Delete webhook"
          busyLabel="Deleting…"
          onConfirm={() => remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p className="webhook-url">{deleting.url}</p>
          <p>It gets no more deliveries, including any still waiting to be retried.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
