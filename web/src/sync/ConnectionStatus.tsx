// Says so when live updates have stopped, and shows nothing while they flow. The live region stays
// in the document even when empty: screen readers announce text that appears in an existing region,
// but often not a region that arrives with its text.
export function ConnectionStatus({ offline }: { offline: boolean }) {
  return (
    <div className="connection-status" role="status" aria-live="polite">
      {offline && <span className="connection-pill">Offline — reconnecting…</span>}
    </div>
  );
}
