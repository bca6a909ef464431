import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The staff web app: built into web/dist, served by the Fastify server at `/`.
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  // no source maps in what is served: they would hand anyone the whole source (the dev server has its own)
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
