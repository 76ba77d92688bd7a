import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  dayStarts,
  fillBuckets,
  hourLabel,
  hourStarts,
  last12Months,
  last24Hours,
  last30Days,
  localDay,
  localToInstant,
  monthLabel,
  monthStarts,
  parseIsoDay,
  startOfLocalDay,
  toApiTime,
} from './time';

const TZ = 'Europe/Stockholm';
const at = (iso: string) => new Date(iso);

describe('local day boundaries in Europe/Stockholm', () => {
  it('puts winter midnight at 23:00 UTC and summer midnight at 22:00 UTC', () => {
    expect(toApiTime(startOfLocalDay(at('2026-01-16T12:00:00Z'), TZ))).toBe('2026-01-15T23:00:00.000Z');
    expect(toApiTime(startOfLocalDay(at('2026-07-01T12:00:00Z'), TZ))).toBe('2026-06-30T22:00:00.000Z');
  });

  it('assigns an instant just before local midnight to the previous day', () => {
    // 22:59 UTC on 15 Jan is 23:59 local, still 15 Jan.
    expect(toApiTime(startOfLocalDay(at('2026-01-15T22:59:00Z'), TZ))).toBe('2026-01-14T23:00:00.000Z');
    expect(toApiTime(startOfLocalDay(at('2026-01-15T23:00:00Z'), TZ))).toBe('2026-01-15T23:00:00.000Z');
  });

  it('gives the spring-forward day 23 hours and the fall-back day 25', () => {
    const spring = localDay(at('2026-03-29T12:00:00Z'), TZ);
    expect(toApiTime(spring.from)).toBe('2026-03-28T23:00:00.000Z');
    expect(toApiTime(spring.to)).toBe('2026-03-29T22:00:00.000Z');
    expect(hourStarts(spring)).toHaveLength(23);
    expect(hourStarts(spring).map((h) => hourLabel(h, TZ))).not.toContain('02:00');

    const autumn = localDay(at('2026-10-25T12:00:00Z'), TZ);
    expect(toApiTime(autumn.from)).toBe('2026-10-24T22:00:00.000Z');
    expect(toApiTime(autumn.to)).toBe('2026-10-25T23:00:00.000Z');
    const labels = hourStarts(autumn).map((h) => hourLabel(h, TZ));
    expect(labels).toHaveLength(25);
    expect(labels.filter((l) => l === '02:00')).toHaveLength(2);
  });

  it('maps a wall time inside the spring gap to just after the jump', () => {
    expect(toApiTime(localToInstant(2026, 3, 29, 2, 30, TZ))).toBe('2026-03-29T01:30:00.000Z');
    expect(toApiTime(localToInstant(2026, 3, 29, 3, 0, TZ))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('parses a date input day as local midnight', () => {
    expect(parseIsoDay('2026-10-25', TZ)?.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(parseIsoDay('25/10/2026', TZ)).toBeUndefined();
  });
});

describe('query ranges', () => {
  it('floors the 24 h history start to the hour', () => {
    const now = at('2026-01-16T21:24:31.501Z');
    const range = last24Hours(now);
    expect(toApiTime(range.from)).toBe('2026-01-15T21:00:00.000Z');
    expect(range.to).toBe(now);
  });

  it('covers 30 local days across the spring change', () => {
    const range = last30Days(at('2026-04-10T10:00:00Z'), TZ);
    expect(toApiTime(range.from)).toBe('2026-03-11T23:00:00.000Z');
    expect(toApiTime(range.to)).toBe('2026-04-10T22:00:00.000Z');
    const days = dayStarts(range, TZ);
    expect(days).toHaveLength(30);
    expect(days.map((d) => dayLabel(d, TZ)).slice(-2)).toEqual(['Thu 9', 'Fri 10']);
  });

  it('covers 12 local months with their own offsets', () => {
    const range = last12Months(at('2026-01-16T12:00:00Z'), TZ);
    expect(toApiTime(range.from)).toBe('2025-01-31T23:00:00.000Z');
    expect(toApiTime(range.to)).toBe('2026-01-31T23:00:00.000Z');
    const months = monthStarts(range, TZ);
    expect(months).toHaveLength(12);
    expect(toApiTime(months[2] ?? new Date(0))).toBe('2025-03-31T22:00:00.000Z');
    expect(months.map((m) => monthLabel(m, TZ))[0]).toBe('Feb 2025');
    expect(monthLabel(months[11] ?? new Date(0), TZ)).toBe('Jan 2026');
  });

  it('uses the first of the month at local midnight in the first hours of a month', () => {
    // 23:30 UTC on 31 Jan is already 1 Feb in Stockholm.
    const range = last12Months(at('2026-01-31T23:30:00Z'), TZ);
    expect(toApiTime(range.to)).toBe('2026-02-28T23:00:00.000Z');
  });
});

describe('fillBuckets', () => {
  it('matches rows by instant whatever their notation and leaves gaps', () => {
    const days = dayStarts(last30Days(at('2026-01-16T12:00:00Z'), TZ), TZ);
    const rows = [
      { day_start: '2026-01-14T23:00:00Z', kwh: 31.7 },
      { day_start: '2026-01-16T00:00:00+01:00', kwh: 12.5 },
    ];
    const buckets = fillBuckets(days, rows, (r) => r.day_start);
    expect(buckets).toHaveLength(30);
    expect(buckets.filter((b) => b.row !== undefined).map((b) => b.row?.kwh)).toEqual([31.7, 12.5]);
    expect(buckets.at(-1)?.row?.kwh).toBe(12.5);
    expect(buckets.at(-3)?.row).toBeUndefined();
  });
});

describe('labels in other zones', () => {
  it('follows the configured zone, not the machine zone', () => {
    expect(hourLabel('2026-01-16T20:00:00Z', 'America/New_York')).toBe('15:00');
    expect(hourLabel('2026-01-16T20:00:00Z', TZ)).toBe('21:00');
    expect(toApiTime(startOfLocalDay(at('2026-01-16T03:00:00Z'), 'America/New_York'))).toBe(
      '2026-01-15T05:00:00.000Z',
    );
  });
});
