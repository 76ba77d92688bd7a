import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartColours } from '../../app/theme-context';
import { config } from '../../config/env';
import { dayLabel, dayStarts, fillBuckets, last30Days } from '../../lib/time';
import { Widget } from '../../components/Widget';
import { HEATPUMP_INTERVALS, useHeatpumpDaily30d } from './api';

export function DailyRuntime() {
  const query = useHeatpumpDaily30d();
  const c = useChartColours();
  const tz = config.timeZone;
  return (
    <Widget id="daily-runtime" title="Daily runtime (30 days)" query={query} intervalMs={HEATPUMP_INTERVALS.daily}
      isEmpty={(rows) => rows.length === 0} height={240} wide>
      {(rows) => {
        const days = dayStarts(last30Days(new Date(), tz), tz);
        const points = fillBuckets(days, rows, (r) => r.day).map((b, i) => ({
          label: dayLabel(b.start, tz) + (i === days.length - 1 ? ' (so far)' : ''),
          compressor: b.row?.daily_runtime_compressor_increase ?? null,
          hotwater: b.row?.daily_runtime_hotwater_increase ?? null,
          aux3: b.row?.daily_runtime_3kw_increase ?? null,
          aux6: b.row?.daily_runtime_6kw_increase ?? null,
          outdoor: b.row?.avg_outdoor_temp ?? null,
        }));
        return (
          <ResponsiveContainer width="100%" height={240}>
            <ComposedChart data={points}>
              <CartesianGrid stroke={c.grid} vertical={false} />
              <XAxis dataKey="label" stroke={c.text} fontSize={11} />
              <YAxis yAxisId="h" stroke={c.text} fontSize={11} unit=" h" width={44} />
              <YAxis yAxisId="t" orientation="right" stroke={c.text} fontSize={11} unit=" C" width={44} />
              <Tooltip />
              <Legend />
              <Bar yAxisId="h" stackId="run" dataKey="compressor" name="Compressor" fill={c.primary} isAnimationActive={false} />
              <Bar yAxisId="h" stackId="run" dataKey="hotwater" name="Hot water" fill={c.secondary} isAnimationActive={false} />
              <Bar yAxisId="h" stackId="run" dataKey="aux3" name="Aux 3 kW" fill={c.tertiary} isAnimationActive={false} />
              <Bar yAxisId="h" stackId="run" dataKey="aux6" name="Aux 6 kW" fill={c.quaternary} isAnimationActive={false} />
              <Line yAxisId="t" dataKey="outdoor" name="Avg outdoor (C)" stroke={c.line} dot={false} isAnimationActive={false} connectNulls={false} />
            </ComposedChart>
          </ResponsiveContainer>
        );
      }}
    </Widget>
  );
}
