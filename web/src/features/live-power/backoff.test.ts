import { describe, expect, it } from 'vitest';
import { ReconnectSchedule, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, 0.5))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('adds at most 20 % jitter either way', () => {
    expect(backoffDelay(2, 0)).toBe(3_200);
    expect(backoffDelay(2, 0.999_999)).toBe(4_800);
    expect(backoffDelay(8, 0)).toBe(24_000);
    expect(backoffDelay(8, 0.999_999)).toBe(36_000);
  });
});

describe('ReconnectSchedule', () => {
  it('grows while connections fail and starts over after 60 s connected', () => {
    const schedule = new ReconnectSchedule(() => 0.5);
    expect([0, 1, 2].map(() => schedule.nextDelay(0))).toEqual([1_000, 2_000, 4_000]);
    expect(schedule.attempts).toBe(3);

    schedule.connected(100_000);
    expect(schedule.nextDelay(159_999)).toBe(8_000); // connected for less than 60 s

    schedule.connected(200_000);
    expect(schedule.nextDelay(260_000)).toBe(1_000);
    expect(schedule.nextDelay(261_000)).toBe(2_000);
  });

  it('resets on demand (tab visible again)', () => {
    const schedule = new ReconnectSchedule(() => 0.5);
    schedule.nextDelay(0);
    schedule.nextDelay(0);
    schedule.reset();
    expect(schedule.nextDelay(0)).toBe(1_000);
  });
});
