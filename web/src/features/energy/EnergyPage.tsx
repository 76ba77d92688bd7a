import { useState } from 'react';
import { config } from '../../config/env';
import { isoDay, parseIsoDay, startOfLocalDay } from '../../lib/time';
import { DailyEnergy, DayConsumption, MonthlyEnergy } from './EnergyCharts';

export default function EnergyPage() {
  const tz = config.timeZone;
  const [day, setDay] = useState(() => startOfLocalDay(new Date(), tz));
  return (
    <div className="grid">
      <div className="card wide toolbar">
        <label htmlFor="energy-day">Day</label>{' '}
        <input id="energy-day" type="date" value={isoDay(day, tz)} max={isoDay(new Date(), tz)}
          onChange={(e) => { const d = parseIsoDay(e.target.value, tz); if (d) setDay(d); }} />
      </div>
      <DayConsumption day={day} />
      <DailyEnergy />
      <MonthlyEnergy />
    </div>
  );
}
