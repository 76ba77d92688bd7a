import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client';

export interface TemperatureReading {
  time: string;
  temperature_c: number | null;
  humidity: number | null;
}

export const TEMPERATURE_INTERVALS = { latest: 60_000, history: 300_000 };

export const useIndoorLatest = () =>
  useQuery({
    queryKey: ['temperature', 'latest', 'indoor'],
    queryFn: () => apiGet<TemperatureReading>('/api/v1/temperature/latest', { location: 'indoor' }),
    refetchInterval: TEMPERATURE_INTERVALS.latest,
  });

export const useIndoorHistory24h = () =>
  useQuery({
    queryKey: ['temperature', 'history', 'indoor', '24h'],
    queryFn: () => apiGet<TemperatureReading[]>('/api/v1/temperature/history', { location: 'indoor', hours: 24 }),
    refetchInterval: TEMPERATURE_INTERVALS.history,
  });
