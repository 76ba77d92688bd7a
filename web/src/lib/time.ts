// Local-time calendar arithmetic for one IANA zone. Intl formats instants in the zone; the only
// step it cannot do is the reverse (a local wall-clock time to an instant), which localToInstant
// does with the zone offsets Intl reports a day before and a day after.

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** Offset of the zone from UTC at the instant, in milliseconds (+1 h in Stockholm in winter). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks show the given wall time. Month and day may overflow
 * (day 0, month 13) as with Date.UTC. Like Temporal's "compatible" disambiguation, a repeated
 * wall time (autumn) maps to its first occurrence and a skipped one (spring) to the instant the
 * same distance after the jump.
 */
export function localToInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const shows = (instant: number) => zoneOffsetMs(new Date(instant), timeZone) === wall - instant;
  const before = wall - zoneOffsetMs(new Date(wall - 86_400_000), timeZone);
  if (shows(before)) return new Date(before);
  const after = wall - zoneOffsetMs(new Date(wall + 86_400_000), timeZone);
  return new Date(shows(after) ? after : before);
}

export function startOfLocalDay(instant: Date, timeZone: string, addDays = 0): Date {
  const p = localParts(instant, timeZone);
  return localToInstant(p.year, p.month, p.day + addDays, 0, 0, timeZone);
}

export function startOfLocalMonth(instant: Date, timeZone: string, addMonths = 0): Date {
  const p = localParts(instant, timeZone);
  return localToInstant(p.year, p.month + addMonths, 1, 0, 0, timeZone);
}

/** UTC string with `Z`, as the API wants (never a `+` offset). */
export const toApiTime = (instant: Date): string => instant.toISOString();

export interface Range {
  from: Date;
  to: Date;
}

/** Last 24 hours: from now - 24 h floored to the hour, to now. */
export function last24Hours(now: Date): Range {
  const from = new Date(now.getTime() - 24 * 3600_000);
  from.setUTCMinutes(0, 0, 0);
  return { from, to: now };
}

/** 30 local days ending with today: from local midnight 29 days ago to the next local midnight. */
export function last30Days(now: Date, timeZone: string): Range {
  return { from: startOfLocalDay(now, timeZone, -29), to: startOfLocalDay(now, timeZone, 1) };
}

/** 12 local months ending with this one. */
export function last12Months(now: Date, timeZone: string): Range {
  return { from: startOfLocalMonth(now, timeZone, -11), to: startOfLocalMonth(now, timeZone, 1) };
}

/** One local day: its midnight to the next (23, 24 or 25 hours). */
export function localDay(day: Date, timeZone: string): Range {
  return { from: startOfLocalDay(day, timeZone), to: startOfLocalDay(day, timeZone, 1) };
}

/** Start instants of the local days in [from, to). */
export function dayStarts({ from, to }: Range, timeZone: string): Date[] {
  const out: Date[] = [];
  for (let d = startOfLocalDay(from, timeZone); d < to; d = startOfLocalDay(d, timeZone, 1)) out.push(d);
  return out;
}

/** Start instants of the local months in [from, to). */
export function monthStarts({ from, to }: Range, timeZone: string): Date[] {
  const out: Date[] = [];
  for (let m = startOfLocalMonth(from, timeZone); m < to; m = startOfLocalMonth(m, timeZone, 1)) out.push(m);
  return out;
}

/** Start instants of the hours in [from, to); a DST day has 23 or 25 of them. */
export function hourStarts({ from, to }: Range): Date[] {
  const out: Date[] = [];
  const first = new Date(from);
  first.setUTCMinutes(0, 0, 0);
  for (let t = first.getTime(); t < to.getTime(); t += 3600_000) out.push(new Date(t));
  return out;
}

export interface Bucket<T> {
  start: Date;
  row: T | undefined;
}

/**
 * Places rows into the given buckets by their start instant. A bucket without a row keeps
 * `row: undefined`, so charts leave a gap instead of drawing zero.
 */
export function fillBuckets<T>(starts: Date[], rows: readonly T[], startOf: (row: T) => string): Bucket<T>[] {
  const byStart = new Map<number, T>();
  for (const row of rows) byStart.set(Date.parse(startOf(row)), row);
  return starts.map((start) => ({ start, row: byStart.get(start.getTime()) }));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${timeZone}|${key}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formatters.set(id, f);
  }
  return f;
}

const asDate = (value: Date | string): Date => (typeof value === 'string' ? new Date(value) : value);

/** `HH:00` of the local hour. */
export function hourLabel(value: Date | string, timeZone: string): string {
  const p = localParts(asDate(value), timeZone);
  return `${String(p.hour).padStart(2, '0')}:00`;
}

/** `HH:MM` local time. */
export function timeLabel(value: Date | string, timeZone: string): string {
  return formatter(timeZone, 'hm', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(asDate(value));
}

/** `ddd D`, for example `Mon 3`. */
export function dayLabel(value: Date | string, timeZone: string): string {
  const d = asDate(value);
  const weekday = formatter(timeZone, 'wd', { weekday: 'short' }).format(d);
  return `${weekday} ${localParts(d, timeZone).day}`;
}

/** `MMM YYYY`, for example `Jan 2026`. */
export function monthLabel(value: Date | string, timeZone: string): string {
  const d = asDate(value);
  const month = formatter(timeZone, 'mon', { month: 'short' }).format(d);
  return `${month} ${localParts(d, timeZone).year}`;
}

/** `YYYY-MM-DD HH:MM:SS` local time. */
export function dateTimeLabel(value: Date | string, timeZone: string): string {
  const p = localParts(asDate(value), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** `YYYY-MM-DD` of the local day, for date inputs. */
export function isoDay(value: Date, timeZone: string): string {
  const p = localParts(value, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Local midnight of a `YYYY-MM-DD` day. */
export function parseIsoDay(day: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return localToInstant(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, timeZone);
}
