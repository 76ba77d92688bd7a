// Ranges of the writable settings (settings-api.md section 3).

export type SettingField =
  | 'indoor_target_temp'
  | 'mode'
  | 'curve'
  | 'curve_min'
  | 'curve_max'
  | 'curve_plus_5'
  | 'curve_zero'
  | 'curve_minus_5'
  | 'heatstop';

export const SETTING_LIMITS: Record<SettingField, { min: number; max: number }> = {
  indoor_target_temp: { min: 15, max: 30 },
  mode: { min: 0, max: 3 },
  curve: { min: 0, max: 200 },
  curve_min: { min: 0, max: 200 },
  curve_max: { min: 0, max: 200 },
  curve_plus_5: { min: -5, max: 5 },
  curve_zero: { min: -5, max: 5 },
  curve_minus_5: { min: -5, max: 5 },
  heatstop: { min: 0, max: 200 },
};

export interface StepButtons {
  /** The value the - button sends, or null when it is disabled. */
  down: number | null;
  up: number | null;
}

/** The -/+ buttons of a numeric field: one step, disabled at the limits and while a PATCH runs. */
export function stepButtons(field: SettingField, value: number | null, busy: boolean): StepButtons {
  if (value === null || busy) return { down: null, up: null };
  const { min, max } = SETTING_LIMITS[field];
  // The API takes integers only; a fractional reported target steps to the next whole degree.
  const down = Number.isInteger(value) ? value - 1 : Math.floor(value);
  const up = Number.isInteger(value) ? value + 1 : Math.ceil(value);
  return { down: down >= min ? down : null, up: up <= max ? up : null };
}
