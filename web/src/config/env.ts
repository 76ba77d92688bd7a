// Runtime configuration from /env-config.js (web.md section 1). Nothing is baked in at build
// time: one build serves every environment.

export type AuthMode = 'oidc' | 'proxy' | 'none';

export interface AppConfig {
  apiUrl: string;
  wsUrl: string;
  authMode: AuthMode;
  oidcIssuerUrl: string | undefined;
  clientId: string;
  redirectUri: string;
  scopes: string;
  timeZone: string;
}

declare global {
  interface Window {
    ENV?: Record<string, string | undefined>;
  }
}

const DEFAULT_SCOPES =
  'openid profile email offline_access read:energy read:heatpump read:temperature read:settings write:settings';

const nonEmpty = (value: string | undefined): string | undefined =>
  value !== undefined && value.trim() !== '' ? value.trim() : undefined;

export function resolveConfig(env: Record<string, string | undefined>, origin: string): AppConfig {
  const apiUrl = (nonEmpty(env.API_URL) ?? origin).replace(/\/$/, '');
  const mode = nonEmpty(env.AUTH_MODE) ?? 'oidc';
  if (mode !== 'oidc' && mode !== 'proxy' && mode !== 'none') {
    throw new Error(`AUTH_MODE must be oidc, proxy or none, not "${mode}"`);
  }
  const clientId = nonEmpty(env.OAUTH_CLIENT_ID) ?? 'heatpump-web';
  const authentik = nonEmpty(env.AUTHENTIK_URL);
  const issuer =
    nonEmpty(env.OIDC_ISSUER_URL) ??
    (authentik ? `${authentik.replace(/\/$/, '')}/application/o/${clientId}/` : undefined);
  return {
    apiUrl,
    wsUrl: nonEmpty(env.WS_URL) ?? `${apiUrl.replace(/^http/, 'ws')}/ws/energy`,
    authMode: mode,
    oidcIssuerUrl: issuer,
    clientId,
    redirectUri: nonEmpty(env.OAUTH_REDIRECT_URI) ?? `${origin}/auth/callback`,
    scopes: nonEmpty(env.OAUTH_SCOPES) ?? DEFAULT_SCOPES,
    timeZone: nonEmpty(env.TIME_ZONE) ?? 'Europe/Stockholm',
  };
}

export const config: AppConfig = resolveConfig(window.ENV ?? {}, window.location.origin);
