import { useId, useRef } from 'react';
import { TokensSection } from './TokensSection.js';
import { useModalDialog } from './useModalDialog.js';
import { WebhooksSection } from './WebhooksSection.js';

/**
 * Personal access tokens and webhooks, opened from Settings (a modal over it: Escape or Close
 * comes back there). Secrets shown once live only in this dialog's state, so closing it drops them.
 */
export function IntegrationsDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useModalDialog(dialog, heading);
  const origin = window.location.origin;

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog integrations-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          Integrations
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="integration-usage">
        Use a token as <code>Authorization: Bearer tsk_…</code> on the API (<a href="/docs" target="_blank" rel="noreferrer">docs</a>), as the password (with your email) in a CalDAV app at{' '}
        <code>{origin}/dav/</code>, and with MCP clients at <code>{origin}/mcp</code>.
      </p>
      <TokensSection />
      <WebhooksSection />
    </dialog>
  );
}
