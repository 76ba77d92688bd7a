import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

// web.md section 4: one retry, none for 4xx; no refetch on window focus.
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 1,
        refetchOnWindowFocus: false,
      },
    },
  });
}
