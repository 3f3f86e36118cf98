// A time from the API as a reader sees it, in the browser's zone.
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function When({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={dateAndTime.format(date)}>
      {(withTime ? dateAndTime : dateOnly).format(date)}
    </time>
  );
}
