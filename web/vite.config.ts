import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The staff web app: built into web/dist, served by the Fastify server at `/`.
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
