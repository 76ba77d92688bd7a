// Authentication per AUTH_MODE (web.md section 2), behind the hooks the API client and the
// WebSocket use.
import { config } from '../../config/env';
import { apiGet, setAuthHooks } from '../../lib/api-client';
import { type LoginState, userManager } from './user-manager';

export function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

export async function login(returnTo: string): Promise<void> {
  const state: LoginState = { returnTo };
  await userManager().signinRedirect({ state });
}

export async function logout(): Promise<void> {
  if (config.authMode !== 'oidc') return;
  const manager = userManager();
  const user = await manager.getUser();
  if (user === null) {
    await manager.removeUser();
    window.location.assign('/login');
    return;
  }
  await manager.signoutRedirect({ id_token_hint: user.id_token, post_logout_redirect_uri: window.location.origin });
}

async function oidcToken(): Promise<string | undefined> {
  const user = await userManager().getUser();
  return user && !user.expired ? user.access_token : undefined;
}

async function oidcRenew(): Promise<boolean> {
  try {
    return (await userManager().signinSilent()) !== null;
  } catch {
    return false;
  }
}

function sendToLogin(): void {
  if (config.authMode === 'oidc') {
    window.location.assign(`/login?returnTo=${encodeURIComponent(currentPath())}`);
  } else if (config.authMode === 'proxy') {
    window.location.assign(`/oauth2/sign_in?rd=${encodeURIComponent(currentPath())}`);
  }
}

export function installAuth(): void {
  if (config.authMode === 'oidc') {
    setAuthHooks({ token: oidcToken, renew: oidcRenew, reauthenticate: sendToLogin });
  } else if (config.authMode === 'proxy') {
    setAuthHooks({
      token: () => Promise.resolve(undefined),
      renew: () => Promise.resolve(false),
      reauthenticate: sendToLogin,
    });
  }
}

interface UserInfo {
  token: string | null;
}

/**
 * The token for a WebSocket connection: the access token (renewed first when `fresh`) in oidc
 * mode, the proxy's token from user/info in proxy mode, none otherwise.
 */
export async function socketToken(fresh: boolean): Promise<string | undefined> {
  if (config.authMode === 'oidc') {
    if (fresh) await oidcRenew();
    return oidcToken();
  }
  if (config.authMode === 'proxy') {
    const info = await apiGet<UserInfo>('/api/v1/user/info');
    return info.token ?? undefined;
  }
  return undefined;
}
