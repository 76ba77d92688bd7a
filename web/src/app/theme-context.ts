import { createContext, useContext } from 'react';

export type Theme = 'light' | 'dark';

interface ThemeState {
  theme: Theme;
  toggle: () => void;
}

export const ThemeContext = createContext<ThemeState>({ theme: 'light', toggle: () => undefined });

export const useTheme = () => useContext(ThemeContext);

/** Chart colours per theme. */
export function useChartColours() {
  const { theme } = useTheme();
  return theme === 'dark'
    ? { grid: '#334155', text: '#cbd5e1', primary: '#60a5fa', secondary: '#f472b6', tertiary: '#fbbf24', quaternary: '#f87171', line: '#a3e635' }
    : { grid: '#e2e8f0', text: '#334155', primary: '#2563eb', secondary: '#db2777', tertiary: '#d97706', quaternary: '#dc2626', line: '#4d7c0f' };
}
