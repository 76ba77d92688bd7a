import { config } from '../../config/env';
import { dateTimeLabel } from '../../lib/time';
import { Widget } from '../../components/Widget';
import { useIndoorLatest } from '../temperature/api';
import { HEATPUMP_INTERVALS, type HeatpumpLatest, useHeatpumpLatest } from './api';

const BADGES: [keyof HeatpumpLatest, string][] = [
  ['compressor_on', 'Compressor'],
  ['hotwater_production', 'Hot water'],
  ['flowlinepump_on', 'Flow line pump'],
  ['brinepump_on', 'Brine pump'],
  ['aux_heater_3kw_on', 'Aux 3 kW'],
  ['aux_heater_6kw_on', 'Aux 6 kW'],
];

function Badge({ label, value }: { label: string; value: boolean | null }) {
  const text = value === null ? '-' : value ? 'ON' : 'OFF';
  return (
    <li className={`badge ${value === null ? 'unknown' : value ? 'on' : 'off'}`}>
      <span>{label}</span> <strong>{text}</strong>
    </li>
  );
}

export function HeatpumpStatus() {
  const query = useHeatpumpLatest();
  return (
    <Widget id="heatpump-status" title="Heat pump status" query={query} intervalMs={HEATPUMP_INTERVALS.latest}
      caption={(d) => `${d.device_id}, ${dateTimeLabel(d.ts, config.timeZone)}`}>
      {(data) => (
        <>
          <ul className="badges">
            {BADGES.map(([key, label]) => (
              <Badge key={key} label={label} value={data[key] as boolean | null} />
            ))}
          </ul>
          <p>
            Integral: <strong>{data.integral ?? '-'}</strong> degree-minutes
          </p>
        </>
      )}
    </Widget>
  );
}

const c1 = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v.toFixed(1)} C`);

export function Temperatures() {
  const heatpump = useHeatpumpLatest();
  const indoor = useIndoorLatest();
  return (
    <Widget id="temperatures" title="Temperatures" query={heatpump} intervalMs={HEATPUMP_INTERVALS.latest}>
      {(hp) => (
        <dl className="temperatures">
          <dt>Indoor</dt>
          <dd data-testid="indoor-temp">
            {indoor.data ? `${c1(indoor.data.temperature_c)}, ${indoor.data.humidity?.toFixed(1) ?? '-'} %` : indoor.isError ? 'no data' : '...'}
            {indoor.data === undefined && indoor.isError && indoor.error.message !== 'no data' && (
              <button type="button" onClick={() => void indoor.refetch()}>Retry</button>
            )}
          </dd>
          <dt>Outdoor</dt>
          <dd>{c1(hp.outdoor_temp)}</dd>
          <dt>Supply</dt>
          <dd>{c1(hp.supplyline_temp)}</dd>
          <dt>Return</dt>
          <dd>{c1(hp.returnline_temp)}</dd>
          <dt>Hot water</dt>
          <dd>{c1(hp.hotwater_temp)}</dd>
          <dt>Brine out</dt>
          <dd>{c1(hp.brine_out_temp)}</dd>
          <dt>Brine in</dt>
          <dd>{c1(hp.brine_in_temp)}</dd>
        </dl>
      )}
    </Widget>
  );
}
