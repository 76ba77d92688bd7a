import { useQuery } from '@tanstack/react-query';
import { config } from '../../config/env';
import { apiGet } from '../../lib/api-client';
import { last12Months, last24Hours, last30Days, localDay, toApiTime } from '../../lib/time';

export interface HourlyTotal {
  total_kwh: number;
  hour_start: string;
  current_time: string;
}

export interface EnergyHourly {
  hour_start: string;
  total_energy_kwh: number | null;
  avg_power_total_kw: number | null;
}

export interface EnergySummary {
  day_start: string | null;
  month_start: string | null;
  energy_consumption_kwh: number | null;
}

export const INTERVALS = { hourlyTotal: 60_000, history: 300_000, daily: 600_000, monthly: 3_600_000 };

export const useHourlyTotal = () =>
  useQuery({
    queryKey: ['energy', 'hourly-total'],
    queryFn: () => apiGet<HourlyTotal>('/api/v1/energy/hourly-total'),
    refetchInterval: INTERVALS.hourlyTotal,
  });

export const useHistory24h = () =>
  useQuery({
    queryKey: ['energy', 'history', '24h'],
    queryFn: () => {
      const { from, to } = last24Hours(new Date());
      return apiGet<EnergyHourly[]>('/api/v1/energy/history', { from: toApiTime(from), to: toApiTime(to) });
    },
    refetchInterval: INTERVALS.history,
  });

export const useDayHistory = (day: Date) =>
  useQuery({
    queryKey: ['energy', 'history', 'day', day.toISOString()],
    queryFn: () => {
      const { from, to } = localDay(day, config.timeZone);
      return apiGet<EnergyHourly[]>('/api/v1/energy/history', { from: toApiTime(from), to: toApiTime(to) });
    },
    refetchInterval: INTERVALS.history,
  });

export const useDaily30d = () =>
  useQuery({
    queryKey: ['energy', 'daily', '30d'],
    queryFn: () => {
      const { from, to } = last30Days(new Date(), config.timeZone);
      return apiGet<EnergySummary[]>('/api/v1/energy/daily-summary', { from: toApiTime(from), to: toApiTime(to) });
    },
    refetchInterval: INTERVALS.daily,
  });

export const useMonthly12m = () =>
  useQuery({
    queryKey: ['energy', 'monthly', '12m'],
    queryFn: () => {
      const { from, to } = last12Months(new Date(), config.timeZone);
      return apiGet<EnergySummary[]>('/api/v1/energy/monthly-summary', { from: toApiTime(from), to: toApiTime(to) });
    },
    refetchInterval: INTERVALS.monthly,
  });
