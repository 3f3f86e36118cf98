import type { TaskMetricsDto } from '../../../src/tasks/tasks.schemas.js';

export function MetricsBar({ metrics }: { metrics: TaskMetricsDto | null }) {
  const cells: [label: string, value: number | undefined, tone: string][] = [
    ['Total', metrics?.total, ''],
    ['Done', metrics?.completed, 'done'],
    ['Pending', metrics?.pending, ''],
    ['Overdue', metrics?.overdue, metrics && metrics.overdue > 0 ? 'overdue' : ''],
  ];
  return (
    <section className="metrics" aria-label="Summary" aria-busy={metrics === null}>
      <dl>
        {cells.map(([label, value, tone]) => (
          <div key={label} className={`metric ${tone}`.trim()}>
            <dt>{label}</dt>
            <dd>{value ?? '–'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
