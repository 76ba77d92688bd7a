// Live power gauge scaling and colours (web.md section 5).

export const GAUGE_MAX_W = 17_500;

export interface GaugeReading {
  /** kW with one decimal. */
  kw: string;
  /** Share of the maximum, 0..100, rounded. */
  percent: number;
  /** Share of the ring to fill, 0..1. */
  fraction: number;
  colour: string;
}

export function gaugeColour(watts: number): string {
  if (watts < 4_000) return '#4ade80';
  if (watts < 9_000) return '#facc15';
  if (watts < 14_000) return '#fb923c';
  return '#ef4444';
}

export function gaugeReading(watts: number): GaugeReading {
  const fraction = Math.min(Math.max(watts / GAUGE_MAX_W, 0), 1);
  return {
    kw: (watts / 1000).toFixed(1),
    percent: Math.round(fraction * 100),
    fraction,
    colour: gaugeColour(watts),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Watts from an energy stream `data` frame: `data.fields.active_power_total`, else the device's
 * own `data.activeActualConsumption.total`. Undefined for anything else.
 */
export function powerFromFrame(frame: unknown): number | undefined {
  if (!isRecord(frame) || frame.type !== 'data' || frame.stream !== 'energy' || !isRecord(frame.data)) {
    return undefined;
  }
  const { fields, activeActualConsumption } = frame.data;
  const fromFields = isRecord(fields) ? fields.active_power_total : undefined;
  if (typeof fromFields === 'number' && Number.isFinite(fromFields)) return fromFields;
  const fromDevice = isRecord(activeActualConsumption) ? activeActualConsumption.total : undefined;
  if (typeof fromDevice === 'number' && Number.isFinite(fromDevice)) return fromDevice;
  return undefined;
}
