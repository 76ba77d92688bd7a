// Outbox timeline shaping (web.md section 5, settings-api.md section 2).

export type OutboxStatus = 'pending' | 'published' | 'confirmed' | 'failed';

export interface OutboxEntry {
  id: number;
  aggregate_id: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  created_at: string;
  published_at: string | null;
  confirmed_at: string | null;
  error_message: string | null;
  retry_count: number;
  max_retries: number;
}

export interface TimelineStep {
  label: 'Created' | 'Published' | 'Confirmed' | 'Failed';
  /** When the step happened; null when it has not (yet) or the API does not record it. */
  at: string | null;
  done: boolean;
}

export interface OutboxView {
  id: number;
  status: OutboxStatus;
  /** `(Retry n/max)` when the entry was retried. */
  retry: string | null;
  error: string | null;
  change: string;
  steps: TimelineStep[];
}

export const OUTBOX_FAST_MS = 2_000;
export const OUTBOX_SLOW_MS = 30_000;
export const OUTBOX_OLDER_LIMIT = 10;

const inFlight = (status: OutboxStatus): boolean => status === 'pending' || status === 'published';

export function describeChange(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .map(([field, value]) => `${field} = ${JSON.stringify(value)}`)
    .join(', ');
}

export function outboxView(entry: OutboxEntry): OutboxView {
  const final: TimelineStep =
    entry.status === 'failed'
      ? { label: 'Failed', at: null, done: true }
      : { label: 'Confirmed', at: entry.confirmed_at, done: entry.status === 'confirmed' };
  return {
    id: entry.id,
    status: entry.status,
    retry: entry.retry_count > 0 ? `(Retry ${entry.retry_count}/${entry.max_retries})` : null,
    error: entry.error_message,
    change: describeChange(entry.payload),
    steps: [
      { label: 'Created', at: entry.created_at, done: true },
      { label: 'Published', at: entry.published_at, done: entry.published_at !== null },
      final,
    ],
  };
}

/** The newest entry (the API lists newest first) and up to ten older ones. */
export function outboxTimeline(entries: readonly OutboxEntry[]): { latest: OutboxView | null; older: OutboxView[] } {
  const [newest, ...rest] = entries;
  return {
    latest: newest ? outboxView(newest) : null,
    older: rest.slice(0, OUTBOX_OLDER_LIMIT).map(outboxView),
  };
}

/** Poll fast while the newest command is still on its way to the device. */
export function outboxRefetchInterval(entries: readonly OutboxEntry[] | undefined): number {
  const newest = entries?.[0];
  return newest && inFlight(newest.status) ? OUTBOX_FAST_MS : OUTBOX_SLOW_MS;
}
