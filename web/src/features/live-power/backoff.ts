// Reconnect schedule of the live gauge's WebSocket (web.md section 5): 1 s, 2 s, 4 s ... capped
// at 30 s, each plus or minus 20 % jitter; the schedule starts over after 60 s connected.

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
export const BACKOFF_RESET_AFTER_MS = 60_000;

/** Delay before reconnect attempt `attempt` (0-based); `random` is in [0, 1). */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(attempt, 0), BACKOFF_CAP_MS);
  return Math.round(base * (0.8 + 0.4 * random));
}

export class ReconnectSchedule {
  private attempt = 0;
  private connectedAt: number | undefined;

  constructor(private readonly random: () => number = Math.random) {}

  /** The socket opened at `now`. */
  connected(now: number): void {
    this.connectedAt = now;
  }

  /** The socket closed at `now`: the delay before the next attempt. */
  nextDelay(now: number): number {
    if (this.connectedAt !== undefined && now - this.connectedAt >= BACKOFF_RESET_AFTER_MS) this.attempt = 0;
    this.connectedAt = undefined;
    const delay = backoffDelay(this.attempt, this.random());
    this.attempt += 1;
    return delay;
  }

  /** Attempts made since the last reset, for "Reconnecting (attempt n)". */
  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
    this.connectedAt = undefined;
  }
}
