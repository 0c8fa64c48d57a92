import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

const MANIFEST_FILE = 'sw-precache.js';

/**
 * Emits `sw-precache.js`, which the hand-written `public/sw.js` loads with
 * importScripts. Keeping the list in a separate file leaves sw.js free of
 * build magic, and browsers byte-compare imported scripts on update checks,
 * so every build with new assets still installs a fresh service worker.
 */
export function swPrecache(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'souk:sw-precache',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((file) => file !== 'index.html' && !file.endsWith('.map'));
      const fromPublic = config.publicDir ? listFiles(config.publicDir).filter((file) => file !== 'sw.js') : [];
      const urls = ['/', ...[...built, ...fromPublic].sort().map((file) => `/${file}`)];
      // Asset names carry content hashes; index.html does not, so hash it too.
      const html = bundle['index.html'];
      const hash = createHash('sha256').update(urls.join('\n'));
      if (html?.type === 'asset') hash.update(html.source);
      const version = hash.digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: MANIFEST_FILE,
        source: `self.__SOUK_PRECACHE__ = ${JSON.stringify({ version, urls })};\n`,
      });
    },
  };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}
