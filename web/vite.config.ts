import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` talks to a running local stack through its gateway (K12N_GATEWAY_URL in the
// stack's stack.env), so the dev server needs no configuration of its own.
const gateway = process.env.K12N_GATEWAY_URL ?? 'http://127.0.0.1:51090';

export default defineConfig({
  plugins: [react()],
  build: {
    // scripts/bundle-size.mjs reads the manifest to measure the initial JavaScript.
    manifest: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': gateway,
      '/ws': { target: gateway, ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
