import { useQuery } from '@tanstack/react-query';
import { config } from '../../config/env';
import { apiGet } from '../../lib/api-client';
import { last30Days, toApiTime } from '../../lib/time';

export interface HeatpumpLatest {
  ts: string;
  device_id: string;
  compressor_on: boolean | null;
  hotwater_production: boolean | null;
  flowlinepump_on: boolean | null;
  brinepump_on: boolean | null;
  aux_heater_3kw_on: boolean | null;
  aux_heater_6kw_on: boolean | null;
  outdoor_temp: number | null;
  supplyline_temp: number | null;
  returnline_temp: number | null;
  hotwater_temp: number | null;
  brine_out_temp: number | null;
  brine_in_temp: number | null;
  integral: number | null;
}

export interface HeatpumpDaily {
  day: string;
  device_id: string;
  daily_runtime_compressor_increase: number | null;
  daily_runtime_hotwater_increase: number | null;
  daily_runtime_3kw_increase: number | null;
  daily_runtime_6kw_increase: number | null;
  avg_outdoor_temp: number | null;
}

export const HEATPUMP_INTERVALS = { latest: 5_000, daily: 600_000 };

export const useHeatpumpLatest = () =>
  useQuery({
    queryKey: ['heatpump', 'latest'],
    queryFn: () => apiGet<HeatpumpLatest>('/api/v1/heatpump/latest'),
    refetchInterval: HEATPUMP_INTERVALS.latest,
  });

export const useHeatpumpDaily30d = () =>
  useQuery({
    queryKey: ['heatpump', 'daily-summary', '30d'],
    queryFn: () => {
      const { from, to } = last30Days(new Date(), config.timeZone);
      return apiGet<HeatpumpDaily[]>('/api/v1/heatpump/daily-summary', { from: toApiTime(from), to: toApiTime(to) });
    },
    refetchInterval: HEATPUMP_INTERVALS.daily,
  });
