import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { config } from '../../config/env';
import { apiGet } from '../../lib/api-client';
import { userManager } from './user-manager';

interface UserInfo {
  username: string;
}

/** The signed-in user's name for the navigation bar. */
export function useUsername(): string | undefined {
  const oidc = config.authMode === 'oidc';
  const [name, setName] = useState<string | undefined>();
  const info = useQuery({
    queryKey: ['user', 'info'],
    queryFn: () => apiGet<UserInfo>('/api/v1/user/info'),
    staleTime: 0,
    enabled: !oidc,
  });

  useEffect(() => {
    if (!oidc) return;
    const manager = userManager();
    let active = true;
    const show = (user: { profile: { preferred_username?: string | undefined; sub: string } } | null) => {
      if (active) setName(user ? (user.profile.preferred_username ?? user.profile.sub) : undefined);
    };
    void manager.getUser().then(show);
    manager.events.addUserLoaded(show);
    return () => {
      active = false;
      manager.events.removeUserLoaded(show);
    };
  }, [oidc]);

  return oidc ? name : info.data?.username;
}
