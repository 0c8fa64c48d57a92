import type { FastifyInstance, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';

/** Adds a pre-handler to each route that passes `applies`, so a route without the rule pays nothing for it. */
export function addRouteHook(app: FastifyInstance, applies: (route: RouteOptions) => boolean, hook: preHandlerAsyncHookHandler): void {
  app.addHook('onRoute', (route) => {
    if (!applies(route)) return;
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [...existing, hook];
  });
}
