// The timer both background workers run on (the reminder scheduler and the webhook dispatcher):
// a first round soon after start, then one every pollMs after the previous round ends, so rounds
// never overlap and a slow round delays the next rather than piling up. A failed round is logged
// and the next one tries again. tick() runs a round now (tests drive the workers with it), or
// joins the one in progress. The timer is unref'd: it never keeps a process alive on its own.
import type { FastifyBaseLogger } from 'fastify';

export interface PollingLoopOptions {
  /** Who is polling, for the log line of a failed round. */
  name: string;
  pollMs: number;
  /** The delay before the first round. */
  firstRoundMs: number;
}

export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private halted = false;

  constructor(
    private readonly round: () => Promise<number>,
    private readonly options: PollingLoopOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** True once stop() was called: a round in progress checks it to end early. */
  get stopped(): boolean {
    return this.halted;
  }

  start(): void {
    this.schedule(this.options.firstRoundMs);
  }

  /** No further rounds; resolves when the one in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs a round now, or joins the one in progress; what the round returns (its count of work done). */
  tick(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(ms: number): void {
    if (this.halted) return;
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.log.warn({ err: error }, `${this.options.name}: a round failed; the next one tries again`))
        .finally(() => this.schedule(this.options.pollMs));
    }, ms);
    this.timer.unref();
  }
}
