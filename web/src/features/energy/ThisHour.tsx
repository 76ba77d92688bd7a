import { config } from '../../config/env';
import { hourLabel } from '../../lib/time';
import { Widget } from '../../components/Widget';
import { INTERVALS, useHourlyTotal } from './api';

export function ThisHour() {
  const query = useHourlyTotal();
  return (
    <Widget id="this-hour" title="This hour" query={query} intervalMs={INTERVALS.hourlyTotal} height={60}>
      {(data) => (
        <p className="big-number">
          <strong>{data.total_kwh.toFixed(2)}</strong> kWh <small>since {hourLabel(data.hour_start, config.timeZone)}</small>
        </p>
      )}
    </Widget>
  );
}
