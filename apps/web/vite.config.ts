import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';
import { swPrecache } from './tooling/sw-precache.js';

// The API the dev and preview servers forward to; the Host header is kept so the
// server's same-origin check sees the page's own origin.
const api = { target: process.env.SOUK_API_ORIGIN ?? 'http://localhost:3000', ws: true, changeOrigin: false };

export default defineConfig({
  plugins: [react(), swPrecache()],
  resolve: {
    // Read @souk/contracts from its TypeScript source: no build step for the
    // shared types, and only `import type` is used so nothing of typebox ships.
    conditions: ['souk-source', ...defaultClientConditions],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: { proxy: { '/api': api } },
  preview: { proxy: { '/api': api } },
});
