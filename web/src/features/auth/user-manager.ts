// The OIDC client (web.md section 2): Authorization Code + PKCE through oidc-client-ts, tokens in
// sessionStorage (the library default), renewal before expiry with the refresh token.
import { UserManager } from 'oidc-client-ts';
import { config } from '../../config/env';

let manager: UserManager | undefined;

export function userManager(): UserManager {
  if (!manager) {
    if (!config.oidcIssuerUrl) throw new Error('OIDC_ISSUER_URL (or AUTHENTIK_URL) is not configured');
    manager = new UserManager({
      authority: config.oidcIssuerUrl,
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
      post_logout_redirect_uri: window.location.origin,
      response_type: 'code',
      scope: config.scopes,
      automaticSilentRenew: true,
      loadUserInfo: false,
    });
  }
  return manager;
}

export interface LoginState {
  returnTo: string;
}
