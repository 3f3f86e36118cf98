// A list's colour as a select of named colours (a colour picker has no "none" and names nothing
// for a screen reader). A colour set elsewhere (the API, CalDAV) is kept as its own option.
const COLORS: readonly { value: string; label: string }[] = [
  { value: '', label: 'None' },
  { value: '#d93f3f', label: 'Red' },
  { value: '#e8833a', label: 'Orange' },
  { value: '#d4a72c', label: 'Yellow' },
  { value: '#3f9b5a', label: 'Green' },
  { value: '#2f7fd1', label: 'Blue' },
  { value: '#8a56c9', label: 'Purple' },
  { value: '#7b8494', label: 'Grey' },
];

interface Props {
  id: string;
  value: string | null;
  onChange: (color: string | null) => void;
}

export function ColorSelect({ id, value, onChange }: Props) {
  const current = value?.toLowerCase() ?? '';
  const known = COLORS.some((c) => c.value === current);
  return (
    <select id={id} value={current} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
      {!known && <option value={current}>Custom ({current})</option>}
      {COLORS.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
