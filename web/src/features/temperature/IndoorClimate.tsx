import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartColours } from '../../app/theme-context';
import { config } from '../../config/env';
import { timeLabel } from '../../lib/time';
import { Widget } from '../../components/Widget';
import { TEMPERATURE_INTERVALS, useIndoorHistory24h } from './api';

export default function IndoorClimate() {
  const query = useIndoorHistory24h();
  const c = useChartColours();
  return (
    <Widget id="indoor-climate" title="Indoor climate (24 h)" query={query} intervalMs={TEMPERATURE_INTERVALS.history}
      isEmpty={(rows) => rows.length === 0} emptyText="Waiting for Shelly H&T sensor data..." height={220} wide>
      {(rows) => (
        // No dots, except for a single reading, which a line cannot show.
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows.map((r) => ({ label: timeLabel(r.time, config.timeZone), t: r.temperature_c, h: r.humidity }))}>
            <CartesianGrid stroke={c.grid} vertical={false} />
            <XAxis dataKey="label" stroke={c.text} fontSize={11} minTickGap={24} />
            <YAxis yAxisId="t" stroke={c.text} fontSize={11} unit=" C" width={48} domain={['auto', 'auto']} />
            <YAxis yAxisId="h" orientation="right" stroke={c.text} fontSize={11} unit=" %" width={48} domain={['auto', 'auto']} />
            <Tooltip />
            <Legend />
            <Line yAxisId="t" dataKey="t" name="Temperature (C)" stroke={c.quaternary} dot={rows.length === 1} isAnimationActive={false} />
            <Line yAxisId="h" dataKey="h" name="Humidity (%)" stroke={c.primary} dot={rows.length === 1} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </Widget>
  );
}
