// A benchmark's own script for Chromium's page (the context bypasses the app's CSP): the client data
// layer and the benchmark's code, bundled by Vite into one script that sets the global `name`.
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

export async function bundleForPage(entry: URL, name: string): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    // Libraries the data layer pulls in read it; a library build leaves it to the page.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { write: false, minify: false, lib: { entry: fileURLToPath(entry), formats: ['iife'], name } },
  })) as Rolldown.RolldownOutput[];
  const chunk = output[0]?.output[0];
  if (chunk?.type !== 'chunk') throw new Error(`could not bundle ${entry.pathname}`);
  return chunk.code;
}
