import { useState } from 'react';
import { config } from '../../config/env';
import { ApiError } from '../../lib/api-client';
import { dateTimeLabel } from '../../lib/time';
import { Widget } from '../../components/Widget';
import { SETTINGS_INTERVAL, type Setting, useOutbox, useSettingChange, useSettings } from './api';
import { type SettingField, stepButtons } from './limits';
import { type OutboxView, outboxTimeline } from './outbox';

const MODES = ['Off', 'Heating', 'Cooling', 'Auto'];
const LABELS: Record<SettingField, string> = {
  indoor_target_temp: 'Indoor target (C)',
  mode: 'Mode',
  curve: 'Curve',
  curve_min: 'Min (C)',
  curve_max: 'Max (C)',
  curve_plus_5: 'At +5 C',
  curve_zero: 'At 0 C',
  curve_minus_5: 'At -5 C',
  heatstop: 'Heat stop (C)',
};

function Stepper({ field, value, busy, send }: { field: SettingField; value: number | null; busy: boolean; send: (v: number) => void }) {
  const { down, up } = stepButtons(field, value, busy);
  return (
    <div className="stepper" data-testid={`setting-${field}`}>
      <span className="label">{LABELS[field]}</span>
      {value === null ? (
        <span className="value">N/A</span>
      ) : (
        <>
          <button type="button" aria-label={`decrease ${field}`} disabled={down === null} onClick={() => { if (down !== null) send(down); }}>
            -
          </button>
          <span className="value">{value}</span>
          <button type="button" aria-label={`increase ${field}`} disabled={up === null} onClick={() => { if (up !== null) send(up); }}>
            +
          </button>
        </>
      )}
    </div>
  );
}

function Timeline({ view }: { view: OutboxView }) {
  return (
    <div className="outbox-entry">
      <p>
        <span className={`badge status-${view.status}`} data-testid="outbox-status">{view.status}</span> {view.change}{' '}
        {view.retry && <span className="retry">{view.retry}</span>}
      </p>
      {view.error && <p className="error-text">{view.error}</p>}
      <ol className="timeline">
        {view.steps.map((step) => (
          <li key={step.label} className={step.done ? 'done' : ''}>
            {step.label}: {step.at ? dateTimeLabel(step.at, config.timeZone) : step.done ? 'yes' : '-'}
          </li>
        ))}
      </ol>
    </div>
  );
}

function Outbox({ deviceId }: { deviceId: string }) {
  const query = useOutbox(deviceId);
  return (
    <Widget id="outbox" title="Changes sent to the heat pump" query={query} intervalMs={30_000}
      isEmpty={(entries) => entries.length === 0} emptyText="No changes sent yet">
      {(entries) => {
        const { latest, older } = outboxTimeline(entries);
        return (
          <>
            {latest && <Timeline view={latest} />}
            {older.length > 0 && (
              <details>
                <summary>Older changes ({older.length})</summary>
                {older.map((v) => (
                  <Timeline key={v.id} view={v} />
                ))}
              </details>
            )}
          </>
        );
      }}
    </Widget>
  );
}

function DeviceSettings({ setting }: { setting: Setting }) {
  const change = useSettingChange(setting.device_id);
  const [pendingMode, setPendingMode] = useState<number | undefined>();
  const busy = change.isPending;
  const send = (field: SettingField, value: number) => {
    change.mutate({ [field]: value });
  };
  const step = (field: SettingField) => (
    <Stepper field={field} value={setting[field]} busy={busy} send={(v) => { send(field, v); }} />
  );
  return (
    <section className="card wide" data-testid="device-settings">
      <header>
        <h2>{setting.device_id}</h2>
        <span className="caption">Updated: {dateTimeLabel(setting.updated_at, config.timeZone)}</span>
      </header>
      <h3>Temperature control</h3>
      {step('indoor_target_temp')}
      <div className="stepper">
        <label className="label" htmlFor={`mode-${setting.device_id}`}>Mode</label>
        {setting.mode === null ? (
          <span className="value">N/A</span>
        ) : (
          <select id={`mode-${setting.device_id}`} value={setting.mode} disabled={busy}
            onChange={(e) => { setPendingMode(Number(e.target.value)); }}>
            {MODES.map((name, i) => (
              <option key={name} value={i}>{name}</option>
            ))}
          </select>
        )}
      </div>
      {pendingMode !== undefined && (
        <div className="confirm" role="dialog">
          Change mode to {MODES[pendingMode]}?{' '}
          <button type="button" className="primary" onClick={() => { send('mode', pendingMode); setPendingMode(undefined); }}>Confirm</button>{' '}
          <button type="button" onClick={() => { setPendingMode(undefined); }}>Cancel</button>
        </div>
      )}
      <h3>Heating curve</h3>
      {step('curve')}
      {step('curve_min')}
      {step('curve_max')}
      {step('curve_plus_5')}
      {step('curve_zero')}
      {step('curve_minus_5')}
      <h3>Other</h3>
      {step('heatstop')}
      {change.isError && (
        <p className="error-text" role="alert">
          {change.error instanceof ApiError ? `HTTP ${change.error.status}: ${change.error.message}` : change.error.message}
        </p>
      )}
      <Outbox deviceId={setting.device_id} />
    </section>
  );
}

export default function SettingsPage() {
  const query = useSettings();
  return (
    <div className="grid">
      <Widget id="settings" title="Heat pump settings" query={query} intervalMs={SETTINGS_INTERVAL}
        isEmpty={(d) => d.settings.length === 0} emptyText="No heat pump has reported its settings yet" wide>
        {(data) => (
          <div className="devices">
            {data.settings.map((s) => (
              <DeviceSettings key={s.device_id} setting={s} />
            ))}
          </div>
        )}
      </Widget>
    </div>
  );
}
