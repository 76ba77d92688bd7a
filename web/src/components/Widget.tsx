import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { config } from '../config/env';
import { ApiError } from '../lib/api-client';
import { isStale } from '../lib/stale';
import { timeLabel } from '../lib/time';

interface WidgetProps<T> {
  id: string;
  title: string;
  query: UseQueryResult<T>;
  /** Refetch interval of the query, for the stale rule. */
  intervalMs: number;
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  height?: number;
  caption?: (data: T) => ReactNode;
  children: (data: T) => ReactNode;
  wide?: boolean;
}

function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, periodMs);
    return () => {
      clearInterval(timer);
    };
  }, [periodMs]);
  return now;
}

export function ErrorBox({ error, retry }: { error: unknown; retry: () => void }) {
  let text = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    text = error.missingScope
      ? `HTTP 403: permission ${error.missingScope} is missing`
      : `HTTP ${error.status}: ${error.message}`;
  }
  return (
    <div className="widget-error" role="alert">
      <span>{text}</span>
      <button type="button" onClick={retry}>
        Retry
      </button>
    </div>
  );
}

/** A card that owns its query's loading, error, empty and stale states (web.md section 6). */
export function Widget<T>(props: WidgetProps<T>) {
  const { query, height = 120 } = props;
  const now = useNow(15_000);
  let state: 'loading' | 'error' | 'empty' | 'ready' = 'ready';
  let body: ReactNode;
  if (query.data === undefined) {
    if (query.isError) {
      state = 'error';
      body = <ErrorBox error={query.error} retry={() => void query.refetch()} />;
    } else {
      state = 'loading';
      body = <div className="skeleton" style={{ height }} aria-busy="true" />;
    }
  } else if (props.isEmpty?.(query.data)) {
    state = 'empty';
    body = <p className="empty">{props.emptyText ?? 'No data for this period'}</p>;
  } else {
    body = props.children(query.data);
  }
  const stale = isStale(query.dataUpdatedAt, props.intervalMs, now);
  return (
    <section className={`card${props.wide ? ' wide' : ''}`} data-testid={props.id} data-state={state}>
      <header>
        <h2>{props.title}</h2>
        {stale && <span className="stale">Last updated {timeLabel(new Date(query.dataUpdatedAt), config.timeZone)}</span>}
      </header>
      {body}
      {query.data !== undefined && query.isError && <ErrorBox error={query.error} retry={() => void query.refetch()} />}
      {query.data !== undefined && state === 'ready' && props.caption && <p className="caption">{props.caption(query.data)}</p>}
    </section>
  );
}
