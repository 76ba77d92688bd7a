import { useEffect, useState } from 'react';
import { GAUGE_MAX_W, gaugeReading } from './gauge';
import { type SocketStatus, useEnergySocket } from './useEnergySocket';

const STALE_AFTER_MS = 10_000;
const RADIUS = 52;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

function statusText(status: SocketStatus): string {
  switch (status.kind) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting';
    case 'reconnecting':
      return `Reconnecting (attempt ${status.attempt})`;
    case 'offline':
      return 'Offline';
  }
}

export function LivePowerGauge() {
  const { watts, receivedAt, status } = useEnergySocket();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1_000);
    return () => {
      clearInterval(timer);
    };
  }, []);

  const stale = receivedAt !== undefined && now - receivedAt > STALE_AFTER_MS;
  const reading = watts === undefined ? undefined : gaugeReading(watts);
  const colour = reading && !stale ? reading.colour : 'var(--muted)';
  return (
    <section className="card" data-testid="live-power" data-state={reading ? 'ready' : 'loading'} data-watts={watts}>
      <header>
        <h2>Live power</h2>
        <span className={`status-dot ${status.kind}`}>{statusText(status)}</span>
      </header>
      <div className="gauge">
        <svg viewBox="0 0 120 120" role="img" aria-label={reading ? `${reading.kw} kW` : 'waiting for data'}>
          <circle cx="60" cy="60" r={RADIUS} className="gauge-track" />
          <circle
            cx="60"
            cy="60"
            r={RADIUS}
            className="gauge-value"
            stroke={colour}
            strokeDasharray={`${(reading?.fraction ?? 0) * CIRCUMFERENCE} ${CIRCUMFERENCE}`}
            transform="rotate(-90 60 60)"
          />
        </svg>
        <div className={`gauge-text${stale ? ' is-stale' : ''}`}>
          {reading ? (
            <>
              <strong data-testid="live-power-kw">{reading.kw}</strong> kW
              <small>
                {reading.percent}% of {GAUGE_MAX_W / 1000} kW{stale ? ' - stale' : ''}
              </small>
            </>
          ) : (
            <small>Waiting for readings...</small>
          )}
        </div>
      </div>
    </section>
  );
}
