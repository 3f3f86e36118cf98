import { useEffect, useId, useRef, useState } from 'react';
import type { AccessTokenDto, NewAccessTokenDto } from '../../../src/tokens/tokens.schemas.js';
import { listTokens, revokeToken } from '../api/tokens.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ItemsState } from './ItemsState.js';
import { OneTimeSecret } from './OneTimeSecret.js';
import { TokenForm } from './TokenForm.js';
import { useItems } from './useItems.js';
import { When } from './When.js';

const accessText = (token: Pick<AccessTokenDto, 'scopes'>) => (token.scopes.includes('write') ? 'Read and write' : 'Read only');

function Expiry({ iso }: { iso: string | null }) {
  if (iso === null) return <>never</>;
  if (Date.parse(iso) <= Date.now()) {
    return (
      <span className="expired">
        expired <When iso={iso} />
      </span>
    );
  }
  return <When iso={iso} />;
}

function TokenItem({ token, onRevoke }: { token: AccessTokenDto; onRevoke: () => void }) {
  return (
    <li className="integration-item">
      <div className="integration-main">
        <p className="integration-title">
          <strong>{token.name}</strong> <span className="badge">{accessText(token)}</span>
        </p>
        <dl className="integration-meta">
          <div>
            <dt>Created</dt>
            <dd>
              <When iso={token.created_at} />
            </dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd>
              <Expiry iso={token.expires_at} />
            </dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd>{token.last_used_at === null ? 'never' : <When iso={token.last_used_at} withTime />}</dd>
          </div>
        </dl>
      </div>
      <button type="button" className="small danger" onClick={onRevoke} aria-label={`Revoke ${token.name}`} aria-haspopup="dialog">
        Revoke
      </button>
    </li>
  );
}

export function TokensSection() {
  const id = useId();
  const tokens = useItems(listTokens, 'tokens');
  const [created, setCreated] = useState<NewAccessTokenDto | null>(null);
  const [revoking, setRevoking] = useState<AccessTokenDto | null>(null);
  // Back from a shown secret: the form takes focus again.
  const [returning, setReturning] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  // Bumped when a revoked row goes, so focus lands on the list rather than on nothing.
  const [revoked, setRevoked] = useState(0);
  useEffect(() => {
    if (revoked > 0) listHeading.current?.focus();
  }, [revoked]);

  async function revoke(token: AccessTokenDto) {
    await revokeToken(token.id);
    tokens.remove(token.id);
    if (created?.id === token.id) setCreated(null);
    setRevoking(null);
    setRevoked((n) => n + 1);
  }

  return (
    <section className="integration-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Personal access tokens</h3>
      <p className="hint">
        A token acts as you: “Read only” can look at your tasks and lists, “Read and write” can change them too. It cannot sign in here or make other tokens.
      </p>
      {created ? (
        <OneTimeSecret
          label={`Your new token “${created.name}”`}
          value={created.token}
          onDone={() => {
            setCreated(null);
            setReturning(true);
          }}
        />
      ) : (
        <TokenForm
          autoFocus={returning}
          onCreated={(token) => {
            setCreated(token);
            tokens.add(token, 'first');
          }}
        />
      )}
      <h4 id={`${id}-list`} ref={listHeading} tabIndex={-1}>
        Your tokens
      </h4>
      <ItemsState state={tokens} loading="Loading your tokens…" empty="No tokens yet." />
      {tokens.items && tokens.items.length > 0 && (
        <ul className="integration-list" aria-labelledby={`${id}-list`}>
          {tokens.items.map((token) => (
            <TokenItem key={token.id} token={token} onRevoke={() => setRevoking(token)} />
          ))}
        </ul>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke the token “${revoking.name}”?`}
          confirmLabel="Revoke token"
          busyLabel="Revoking…"
          onConfirm={() => revoke(revoking)}
          onCancel={() => setRevoking(null)}
        >
          <p>Anything using it (a script, a calendar app, an assistant) stops working at once. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
