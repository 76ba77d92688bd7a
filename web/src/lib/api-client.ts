// Fetch wrapper for the platform's APIs: bearer token, one renewal and retry on 401, and errors
// that carry the HTTP status and the API's `error` text (homelab-api.md section 1).
import { config } from '../config/env';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The scope a 403 names ("insufficient scope: read:energy required"). */
  get missingScope(): string | undefined {
    return this.status === 403 ? /insufficient scope: (\S+)/.exec(this.message)?.[1] : undefined;
  }
}

export interface AuthHooks {
  /** The current access token, if any. */
  token(): Promise<string | undefined>;
  /** Get a fresh token after a 401; false when that is not possible. */
  renew(): Promise<boolean>;
  /** Renewal failed: start a new login (redirects away). */
  reauthenticate(): void;
}

let auth: AuthHooks = {
  token: () => Promise.resolve(undefined),
  renew: () => Promise.resolve(false),
  reauthenticate: () => undefined,
};

export function setAuthHooks(hooks: AuthHooks): void {
  auth = hooks;
}

export type Query = Record<string, string | number | undefined>;

export function apiUrl(path: string, query?: Query): string {
  const url = new URL(`${config.apiUrl}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: fall through to the status text
  }
  return response.statusText || 'request failed';
}

async function send(url: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const token = await auth.token();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers, credentials: 'same-origin' });
}

export async function apiRequest<T>(path: string, options: { query?: Query; method?: string; body?: unknown } = {}) {
  const url = apiUrl(path, options.query);
  const init: RequestInit = { method: options.method ?? 'GET' };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  let response = await send(url, init);
  if (response.status === 401) {
    if (await auth.renew()) response = await send(url, init);
    if (response.status === 401) {
      auth.reauthenticate();
      throw new ApiError(401, await errorText(response));
    }
  }
  if (!response.ok) throw new ApiError(response.status, await errorText(response));
  return (await response.json()) as T;
}

export const apiGet = <T>(path: string, query?: Query) => apiRequest<T>(path, query ? { query } : {});
