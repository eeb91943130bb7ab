import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

/** Which build runs on a tablet: DAIBAN_BUILD_ID when given, else the commit (a rebuild of the same commit is the same version). */
function buildId(): string {
  if (process.env.DAIBAN_BUILD_ID) return process.env.DAIBAN_BUILD_ID;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'local';
  }
}

export default defineConfig({
  publicDir: '../public',
  define: { __APP_BUILD__: JSON.stringify(`${version} · ${buildId()}`) },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  plugins: [
    react(),
    VitePWA({
      // The app registers the worker itself through workbox-window (src/pwa/register-sw.ts).
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        id: '/',
        name: '代办 · 村级便民服务',
        short_name: '代办',
        description: '村便民服务室代办系统：离线登记、材料采集、同步到乡镇台账',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1f6f8b',
        background_color: '#f4f7f8',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest}'],
        navigateFallback: '/index.html',
        // The API is never answered from the cache: sync must see the real network.
        navigateFallbackDenylist: [/^\/api\//],
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
