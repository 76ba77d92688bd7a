import { describe, expect, it } from 'vitest';
import { stepButtons } from './limits';

describe('stepButtons', () => {
  it('steps by one inside the range', () => {
    expect(stepButtons('indoor_target_temp', 21, false)).toEqual({ down: 20, up: 22 });
    expect(stepButtons('curve_zero', 0, false)).toEqual({ down: -1, up: 1 });
  });

  it('disables a button at the range limits', () => {
    expect(stepButtons('indoor_target_temp', 30, false)).toEqual({ down: 29, up: null });
    expect(stepButtons('indoor_target_temp', 15, false)).toEqual({ down: null, up: 16 });
    expect(stepButtons('curve_minus_5', -5, false)).toEqual({ down: null, up: -4 });
  });

  it('disables both while a change is in flight or without a value', () => {
    expect(stepButtons('curve', 36, true)).toEqual({ down: null, up: null });
    expect(stepButtons('curve', null, false)).toEqual({ down: null, up: null });
  });

  it('steps a fractional target to whole degrees', () => {
    expect(stepButtons('indoor_target_temp', 21.5, false)).toEqual({ down: 21, up: 22 });
  });
});
