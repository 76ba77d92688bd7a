import { type ReactNode, useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { config } from '../../config/env';
import { userManager } from './user-manager';

type GateState = 'checking' | 'signed-in' | 'signed-out';

/** Renders its children for a signed-in user and sends everybody else to /login (oidc mode). */
export function AuthGate({ children }: { children: ReactNode }) {
  const location = useLocation();
  const [state, setState] = useState<GateState>(config.authMode === 'oidc' ? 'checking' : 'signed-in');

  useEffect(() => {
    if (config.authMode !== 'oidc') return;
    const manager = userManager();
    let active = true;
    const settle = (next: GateState) => {
      if (active) setState(next);
    };
    void (async () => {
      const user = await manager.getUser();
      if (user && !user.expired) {
        settle('signed-in');
        return;
      }
      if (user?.refresh_token) {
        try {
          await manager.signinSilent();
          settle('signed-in');
          return;
        } catch {
          // refresh token rejected: sign in again
        }
      }
      settle('signed-out');
    })();
    const signedOut = () => {
      settle('signed-out');
    };
    manager.events.addUserSignedOut(signedOut);
    manager.events.addUserUnloaded(signedOut);
    return () => {
      active = false;
      manager.events.removeUserSignedOut(signedOut);
      manager.events.removeUserUnloaded(signedOut);
    };
  }, []);

  if (state === 'checking') return <div className="page-loading" aria-busy="true" />;
  if (state === 'signed-out') {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return children;
}
