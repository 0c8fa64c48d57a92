import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './errors.js';

/**
 * Serves the built web app from the same origin as the API. Hashed assets
 * are cached for a year; index.html and the service worker never are, so a
 * deploy reaches users at their next load. Unknown non-API paths without a file extension get the SPA.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  const built = fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (res, file) => {
        const immutable = file.startsWith(path.join(webDir, 'assets') + path.sep);
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.log.warn({ webDir }, 'web app not built; run `npm run build` (the API still works)');
  }

  app.setNotFoundHandler(async (request, reply) => {
    // Only extension-less paths are app pages: a missing /assets/x.js must be a 404, not HTML a cache would keep.
    const pathname = request.url.split('?')[0]!;
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !pathname.startsWith('/api/') && !/\.[A-Za-z0-9]+$/.test(pathname);
    if (isPage && built) return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
    return sendProblem(reply, problem(404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}.`));
  });
}
