// A widget is stale when its last successful fetch is older than three refetch intervals.
export function isStale(dataUpdatedAt: number, refetchIntervalMs: number, now: number): boolean {
  return dataUpdatedAt > 0 && now - dataUpdatedAt > 3 * refetchIntervalMs;
}
