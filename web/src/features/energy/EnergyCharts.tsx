import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartColours } from '../../app/theme-context';
import { config } from '../../config/env';
import {
  dayLabel,
  dayStarts,
  fillBuckets,
  hourLabel,
  hourStarts,
  last12Months,
  last30Days,
  localDay,
  monthLabel,
  monthStarts,
  type Range,
} from '../../lib/time';
import { Widget } from '../../components/Widget';
import { type EnergyHourly, INTERVALS, useDaily30d, useDayHistory, useHistory24h, useMonthly12m } from './api';

const TZ = config.timeZone;
const sum = (values: (number | null | undefined)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);

function HourlyBars({ rows, range }: { rows: EnergyHourly[]; range?: Range }) {
  const c = useChartColours();
  const points = range
    ? fillBuckets(hourStarts(range), rows, (r) => r.hour_start).map((b) => ({
        label: hourLabel(b.start, TZ),
        kwh: b.row?.total_energy_kwh ?? null,
        kw: b.row?.avg_power_total_kw ?? null,
      }))
    : rows.map((r) => ({ label: hourLabel(r.hour_start, TZ), kwh: r.total_energy_kwh, kw: r.avg_power_total_kw }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={points}>
        <CartesianGrid stroke={c.grid} vertical={false} />
        <XAxis dataKey="label" stroke={c.text} fontSize={11} />
        <YAxis stroke={c.text} fontSize={11} unit=" kWh" width={64} />
        <Tooltip
          formatter={(value, _name, item) => {
            const kw = (item.payload as { kw: number | null }).kw;
            return [`${Number(value).toFixed(2)} kWh${kw === null ? '' : ` (avg ${kw.toFixed(2)} kW)`}`, 'Energy'];
          }}
        />
        <Bar dataKey="kwh" fill={c.primary} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function HourlyConsumption() {
  const query = useHistory24h();
  return (
    <Widget id="hourly-consumption" title="Hourly consumption (24 h)" query={query} intervalMs={INTERVALS.history}
      isEmpty={(rows) => rows.length === 0} height={220} wide
      caption={(rows) => `${sum(rows.map((r) => r.total_energy_kwh)).toFixed(1)} kWh in 24 h`}>
      {(rows) => <HourlyBars rows={rows} />}
    </Widget>
  );
}

export function DayConsumption({ day }: { day: Date }) {
  const query = useDayHistory(day);
  return (
    <Widget id="day-consumption" title={`Hourly consumption, ${dayLabel(day, TZ)}`} query={query}
      intervalMs={INTERVALS.history} isEmpty={(rows) => rows.length === 0} height={220} wide
      caption={(rows) => `${sum(rows.map((r) => r.total_energy_kwh)).toFixed(1)} kWh that day`}>
      {(rows) => <HourlyBars rows={rows} range={localDay(day, TZ)} />}
    </Widget>
  );
}

export function DailyEnergy() {
  const query = useDaily30d();
  const c = useChartColours();
  return (
    <Widget id="daily-energy" title="Daily energy (30 days)" query={query} intervalMs={INTERVALS.daily}
      isEmpty={(rows) => rows.length === 0} height={220} wide
      caption={(rows) => `30-day total ${sum(rows.map((r) => r.energy_consumption_kwh)).toFixed(1)} kWh`}>
      {(rows) => {
        const days = dayStarts(last30Days(new Date(), TZ), TZ);
        const points = fillBuckets(days, rows, (r) => r.day_start ?? '').map((b, i) => ({
          label: dayLabel(b.start, TZ) + (i === days.length - 1 ? ' (so far)' : ''),
          kwh: b.row?.energy_consumption_kwh ?? null,
        }));
        return (
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={points}>
              <CartesianGrid stroke={c.grid} vertical={false} />
              <XAxis dataKey="label" stroke={c.text} fontSize={11} />
              <YAxis stroke={c.text} fontSize={11} unit=" kWh" width={64} />
              <Tooltip formatter={(v) => [`${Number(v).toFixed(1)} kWh`, 'Energy']} />
              <Bar dataKey="kwh" fill={c.primary} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        );
      }}
    </Widget>
  );
}

export function MonthlyEnergy() {
  const query = useMonthly12m();
  const c = useChartColours();
  return (
    <Widget id="monthly-energy" title="Monthly energy (12 months)" query={query} intervalMs={INTERVALS.monthly}
      isEmpty={(rows) => rows.length === 0} height={220} wide
      caption={(rows) => {
        const current = monthStarts(last12Months(new Date(), TZ), TZ).at(-1);
        const row = rows.find((r) => r.month_start !== null && Date.parse(r.month_start) === current?.getTime());
        return `This month so far ${(row?.energy_consumption_kwh ?? 0).toFixed(1)} kWh`;
      }}>
      {(rows) => {
        const months = monthStarts(last12Months(new Date(), TZ), TZ);
        const points = fillBuckets(months, rows, (r) => r.month_start ?? '').map((b, i) => ({
          label: monthLabel(b.start, TZ) + (i === months.length - 1 ? ' (so far)' : ''),
          kwh: b.row?.energy_consumption_kwh ?? null,
        }));
        return (
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={points}>
              <CartesianGrid stroke={c.grid} vertical={false} />
              <XAxis dataKey="label" stroke={c.text} fontSize={11} />
              <YAxis stroke={c.text} fontSize={11} unit=" kWh" width={72} />
              <Tooltip formatter={(v) => [`${Number(v).toFixed(1)} kWh`, 'Energy']} />
              <Bar dataKey="kwh" fill={c.secondary} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        );
      }}
    </Widget>
  );
}
