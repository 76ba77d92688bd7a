import { describe, expect, it } from 'vitest';
import { type OutboxEntry, outboxRefetchInterval, outboxTimeline, outboxView } from './outbox';

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  id: 42,
  aggregate_id: 'ThermIQ_4091519A3058',
  payload: { indoor_target_temp: 21 },
  status: 'pending',
  created_at: '2026-01-16T21:12:00.001Z',
  published_at: null,
  confirmed_at: null,
  error_message: null,
  retry_count: 0,
  max_retries: 3,
  ...over,
});

describe('outboxView', () => {
  it('shows a pending entry with only Created done', () => {
    const view = outboxView(entry({}));
    expect(view.status).toBe('pending');
    expect(view.retry).toBeNull();
    expect(view.change).toBe('indoor_target_temp = 21');
    expect(view.steps).toEqual([
      { label: 'Created', at: '2026-01-16T21:12:00.001Z', done: true },
      { label: 'Published', at: null, done: false },
      { label: 'Confirmed', at: null, done: false },
    ]);
  });

  it('completes the timeline when confirmed', () => {
    const view = outboxView(
      entry({ status: 'confirmed', published_at: '2026-01-16T21:12:00.180Z', confirmed_at: '2026-01-16T21:12:31.020Z' }),
    );
    expect(view.steps.map((s) => [s.label, s.done])).toEqual([
      ['Created', true],
      ['Published', true],
      ['Confirmed', true],
    ]);
    expect(view.steps[2]?.at).toBe('2026-01-16T21:12:31.020Z');
  });

  it('ends in Failed with the retry count and the error', () => {
    const view = outboxView(
      entry({ status: 'failed', retry_count: 3, error_message: 'publish failed after 3 attempts: timeout' }),
    );
    expect(view.retry).toBe('(Retry 3/3)');
    expect(view.error).toBe('publish failed after 3 attempts: timeout');
    expect(view.steps.map((s) => s.label)).toEqual(['Created', 'Published', 'Failed']);
    expect(view.steps[1]?.done).toBe(false);
  });
});

describe('outboxTimeline', () => {
  it('takes the newest entry and at most ten older ones', () => {
    const entries = Array.from({ length: 15 }, (_, i) => entry({ id: 100 - i, status: 'confirmed' }));
    const { latest, older } = outboxTimeline(entries);
    expect(latest?.id).toBe(100);
    expect(older.map((v) => v.id)).toEqual([99, 98, 97, 96, 95, 94, 93, 92, 91, 90]);
  });

  it('is empty without entries', () => {
    expect(outboxTimeline([])).toEqual({ latest: null, older: [] });
  });
});

describe('outboxRefetchInterval', () => {
  it('polls every 2 s while the newest entry is pending or published, else every 30 s', () => {
    expect(outboxRefetchInterval([entry({ status: 'pending' })])).toBe(2_000);
    expect(outboxRefetchInterval([entry({ status: 'published' }), entry({ status: 'failed' })])).toBe(2_000);
    expect(outboxRefetchInterval([entry({ status: 'confirmed' }), entry({ status: 'pending' })])).toBe(30_000);
    expect(outboxRefetchInterval([])).toBe(30_000);
    expect(outboxRefetchInterval(undefined)).toBe(30_000);
  });
});
