import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthGate } from '../features/auth/AuthGate';
import { createQueryClient } from '../lib/query-client';
import { Layout } from './Layout';
import { ThemeProvider } from './theme';

// Pages (and Recharts with them) load on demand to keep the initial JavaScript small.
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const EnergyPage = lazy(() => import('../features/energy/EnergyPage'));
const HeatpumpPage = lazy(() => import('../features/heatpump/HeatpumpPage'));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage'));
const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const CallbackPage = lazy(() => import('../features/auth/CallbackPage'));

const queryClient = createQueryClient();

export function App() {
  return (
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/auth/callback" element={<CallbackPage />} />
              <Route element={<AuthGate><Layout /></AuthGate>}>
                <Route path="/dashboard" element={<DashboardPage />} />
                <Route path="/energy" element={<EnergyPage />} />
                <Route path="/heatpump" element={<HeatpumpPage />} />
                <Route path="/settings" element={<SettingsPage />} />
              </Route>
              <Route path="*" element={<Navigate to="/dashboard" replace />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
