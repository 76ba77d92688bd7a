import { describe, expect, it } from 'vitest';
import { gaugeColour, gaugeReading, powerFromFrame } from './gauge';

describe('gaugeReading', () => {
  it('scales to 17.5 kW and formats one decimal', () => {
    expect(gaugeReading(956)).toEqual({ kw: '1.0', percent: 5, fraction: 956 / 17_500, colour: '#4ade80' });
    expect(gaugeReading(8_750)).toMatchObject({ kw: '8.8', percent: 50 });
    expect(gaugeReading(17_500)).toMatchObject({ kw: '17.5', percent: 100, fraction: 1 });
  });

  it('clamps the ring but shows the real value', () => {
    expect(gaugeReading(20_000)).toMatchObject({ kw: '20.0', percent: 100, fraction: 1, colour: '#ef4444' });
    expect(gaugeReading(-300)).toMatchObject({ kw: '-0.3', percent: 0, fraction: 0 });
  });

  it('changes colour at 4, 9 and 14 kW', () => {
    expect(gaugeColour(3_999)).toBe('#4ade80');
    expect(gaugeColour(4_000)).toBe('#facc15');
    expect(gaugeColour(8_999)).toBe('#facc15');
    expect(gaugeColour(9_000)).toBe('#fb923c');
    expect(gaugeColour(13_999)).toBe('#fb923c');
    expect(gaugeColour(14_000)).toBe('#ef4444');
  });
});

describe('powerFromFrame', () => {
  const frame = (data: unknown) => ({ type: 'data', stream: 'energy', timestamp: '2026-01-16T21:10:09.512Z', data });

  it('prefers fields.active_power_total', () => {
    expect(powerFromFrame(frame({ fields: { active_power_total: 1234 }, activeActualConsumption: { total: 9 } }))).toBe(
      1234,
    );
  });

  it('falls back to activeActualConsumption.total', () => {
    expect(powerFromFrame(frame({ fields: {}, activeActualConsumption: { total: 956 } }))).toBe(956);
  });

  it('ignores other frames and malformed values', () => {
    expect(powerFromFrame({ type: 'subscribed', streams: ['energy'] })).toBeUndefined();
    expect(powerFromFrame({ ...frame({ fields: { active_power_total: 5 } }), stream: 'heatpump' })).toBeUndefined();
    expect(powerFromFrame(frame({ fields: { active_power_total: '5' } }))).toBeUndefined();
    expect(powerFromFrame(null)).toBeUndefined();
  });
});
