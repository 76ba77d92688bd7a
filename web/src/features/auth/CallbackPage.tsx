import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { User } from 'oidc-client-ts';
import { type LoginState, userManager } from './user-manager';

// The code can be redeemed once; React may mount the page twice in development.
let completion: Promise<User> | undefined;

export default function CallbackPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    completion ??= userManager().signinRedirectCallback();
    completion
      .then((user) => {
        const state = user.state as LoginState | undefined;
        void navigate(state?.returnTo ?? '/dashboard', { replace: true });
      })
      .catch((e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        completion = undefined;
      });
  }, [navigate]);

  if (error === undefined) return <div className="page-loading" aria-busy="true" />;
  return (
    <main className="login">
      <h1>Login failed</h1>
      <p className="error-text">{error}</p>
      <Link className="button primary" to="/login">
        Retry
      </Link>
    </main>
  );
}
