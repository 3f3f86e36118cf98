import { useId, useRef, useState, type FormEvent } from 'react';
import type { AccessTokenCreateBody, NewAccessTokenDto } from '../../../src/tokens/tokens.schemas.js';
import { createToken } from '../api/tokens.js';
import { FieldMessage, fieldAria, fieldProblem, formProblem, ProblemSummary, type FormProblem } from './formProblem.js';

const NAME_MAX = 100;
const LABELS = { name: 'Token name', scopes: 'Access', expires_in_days: 'Expiry' };
const EXPIRY: readonly { label: string; days: number | null }[] = [
  { label: 'Never', days: null },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

type Access = 'read' | 'write';

export function TokenForm({ onCreated, autoFocus = false }: { autoFocus?: boolean; onCreated: (token: NewAccessTokenDto) => void }) {
  const id = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [access, setAccess] = useState<Access>('read');
  const [expiry, setExpiry] = useState('0');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const trimmed = name.trim();
    if (trimmed === '') {
      setProblem(fieldProblem('name', 'Give the token a name, so you know later what uses it.'));
      nameInput.current?.focus();
      return;
    }
    const days = EXPIRY[Number(expiry)]?.days ?? null;
    const body: AccessTokenCreateBody = { name: trimmed, scopes: access === 'write' ? ['read', 'write'] : ['read'] };
    if (days !== null) body.expires_in_days = days;
    setBusy(true);
    setProblem(null);
    try {
      const created = await createToken(body);
      setName('');
      onCreated(created);
    } catch (err) {
      const refused = formProblem(err, LABELS);
      setProblem(refused);
      if (refused.fields.name !== undefined) nameInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const field = (key: string) => ({ ...fieldAria(problem, key, `${id}-${key}-error`, key === 'name' ? `${id}-name-hint` : undefined) });
  return (
    <form className="integration-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} aria-busy={busy || undefined}>
      <h4 id={`${id}-heading`}>New token</h4>
      <div className="integration-fields">
        <div className="field span-all">
          <label htmlFor={`${id}-name`}>{LABELS.name}</label>
          <input
            ref={nameInput}
            autoFocus={autoFocus}
            id={`${id}-name`}
            value={name}
            maxLength={NAME_MAX}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            {...field('name')}
          />
          <p className="hint" id={`${id}-name-hint`}>
            What will use it, e.g. “Phone calendar” or “Backup script”.
          </p>
          <FieldMessage problem={problem} field="name" id={`${id}-name-error`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-access`}>{LABELS.scopes}</label>
          <select id={`${id}-access`} value={access} onChange={(e) => setAccess(e.target.value as Access)} {...field('scopes')}>
            <option value="read">Read only</option>
            <option value="write">Read and write</option>
          </select>
          <FieldMessage problem={problem} field="scopes" id={`${id}-scopes-error`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-expiry`}>{LABELS.expires_in_days}</label>
          <select id={`${id}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)} {...field('expires_in_days')}>
            {EXPIRY.map((option, i) => (
              <option key={option.label} value={String(i)}>
                {option.label}
              </option>
            ))}
          </select>
          <FieldMessage problem={problem} field="expires_in_days" id={`${id}-expires_in_days-error`} />
        </div>
      </div>
      <ProblemSummary problem={problem} />
      <div className="form-actions">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
