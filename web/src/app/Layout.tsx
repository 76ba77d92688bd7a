import { NavLink, Outlet } from 'react-router';
import { config } from '../config/env';
import { logout } from '../features/auth/auth';
import { useUsername } from '../features/auth/useUsername';
import { useTheme } from './theme-context';

const TABS: [string, string][] = [
  ['/dashboard', 'Dashboard'],
  ['/energy', 'Energy'],
  ['/heatpump', 'Heat pump'],
  ['/settings', 'Settings'],
];

export function Layout() {
  const { theme, toggle } = useTheme();
  const username = useUsername();
  return (
    <>
      <nav className="navbar">
        <span className="title">Heatpump Monitor</span>
        <div className="tabs">
          {TABS.map(([to, label]) => (
            <NavLink key={to} to={to}>{label}</NavLink>
          ))}
        </div>
        <div className="user">
          {username && <span data-testid="username">{username}</span>}
          <button type="button" onClick={toggle} aria-label="toggle theme">{theme === 'dark' ? 'Light' : 'Dark'}</button>
          {config.authMode === 'oidc' && (
            <button type="button" onClick={() => void logout()}>Log out</button>
          )}
        </div>
      </nav>
      <main>
        <Outlet />
      </main>
    </>
  );
}
