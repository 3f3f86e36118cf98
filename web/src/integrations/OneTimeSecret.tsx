import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The field's label ("Your new token “CLI”"). */
  label: string;
  value: string;
  /** What to copy it for (goes under the "you will not see it again" line). */
  children?: ReactNode;
  onDone: () => void;
}

type CopyState = 'idle' | 'copied' | 'selected';

/**
 * A secret the server shows once: a read-only field (focused and selected on arrival, so it can
 * be copied at once), a Copy button, and the warning. Without clipboard access the text is left
 * selected for Ctrl+C.
 */
export function OneTimeSecret({ label, value, children, onDone }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
    setCopy('idle');
  }, [value]);

  async function copyValue() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopy('copied');
    } catch {
      // Refused (no permission, an insecure origin): the text is selected for the keyboard.
      input.current?.focus();
      input.current?.select();
      setCopy('selected');
    }
  }

  return (
    <div className="one-time-secret">
      <label htmlFor={`${id}-value`}>
        {label}
      </label>
      <div className="secret-row">
        <input
          ref={input}
          id={`${id}-value`}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={`${id}-note`}
        />
        <button type="button" onClick={() => void copyValue()}>
          Copy
        </button>
      </div>
      <p className="secret-note" id={`${id}-note`}>
        Copy it now: you will not see it again.
      </p>
      {children}
      <p className="hint" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'selected' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
      </p>
      <button type="button" className="small" onClick={onDone}>
        Done
      </button>
    </div>
  );
}
