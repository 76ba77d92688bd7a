import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '../../lib/api-client';
import type { SettingField } from './limits';
import { type OutboxEntry, outboxRefetchInterval } from './outbox';

export type Setting = { device_id: string; updated_at: string } & Record<SettingField, number | null>;

export const SETTINGS_INTERVAL = 30_000;

export const useSettings = () =>
  useQuery({
    queryKey: ['heatpump', 'settings'],
    queryFn: () => apiGet<{ settings: Setting[] }>('/api/v1/heatpump/settings'),
    refetchInterval: SETTINGS_INTERVAL,
  });

export const useOutbox = (deviceId: string) =>
  useQuery({
    queryKey: ['outbox', deviceId],
    queryFn: async () =>
      (await apiGet<{ data: OutboxEntry[] }>(`/api/v1/heatpump/settings/${encodeURIComponent(deviceId)}/outbox`)).data,
    refetchInterval: (query) => outboxRefetchInterval(query.state.data),
  });

export function useSettingChange(deviceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<Record<SettingField, number>>) =>
      apiRequest<Setting>(`/api/v1/heatpump/settings/${encodeURIComponent(deviceId)}`, {
        method: 'PATCH',
        body: change,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['heatpump', 'settings'] });
      void client.invalidateQueries({ queryKey: ['outbox', deviceId] });
    },
  });
}
