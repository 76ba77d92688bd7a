import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { config } from '../../config/env';
import { login } from './auth';

function safeReturnTo(value: string | null): string {
  // Only paths of this app, never another origin.
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/dashboard';
}

export default function LoginPage() {
  const [params] = useSearchParams();
  const [error, setError] = useState<string | undefined>();
  const returnTo = safeReturnTo(params.get('returnTo'));
  if (config.authMode !== 'oidc') return <Navigate to={returnTo} replace />;

  const signIn = () => {
    setError(undefined);
    login(returnTo).catch((e: unknown) => {
      setError(e instanceof Error ? e.message : String(e));
    });
  };

  return (
    <main className="login">
      <h1>Heatpump Monitor</h1>
      <button type="button" className="primary" onClick={signIn}>
        Sign in
      </button>
      {error && (
        <p className="error-text" role="alert">
          Could not reach the identity provider: {error}
        </p>
      )}
    </main>
  );
}
