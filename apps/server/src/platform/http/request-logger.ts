import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/**
 * request.log, made on the first line it writes. Fastify gives every request
 * a child logger bound to its id, and pino's child() serialises and redacts
 * those bindings (about 1% of a wallet transfer's CPU over HTTP), while most
 * requests write nothing at the configured level: at `info` every request
 * logs and the child is made as before; at `warn` or `error` it rarely is.
 * The lines written are the same as the eager child's.
 */
class LazyRequestLogger {
  private made: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
  ) {}

  private get logger(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings) as FastifyBaseLogger;
    return this.made;
  }

  /** The child if it exists or this level would write, else null (nothing to do). */
  private writer(level: Level): FastifyBaseLogger | null {
    if (this.made) return this.made;
    return this.parent.isLevelEnabled(level) ? this.logger : null;
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.made ? (this.made as unknown as Logger).isLevelEnabled(level) : this.parent.isLevelEnabled(level);
  }

  silent(): void {}

  child(bindings: Record<string, unknown>, options?: object): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

// One method per level on the prototype, so a request allocates nothing but the holder.
for (const level of LEVELS) {
  Object.defineProperty(LazyRequestLogger.prototype, level, {
    value: function (this: { writer(level: Level): FastifyBaseLogger | null }, ...args: unknown[]) {
      const writer = this.writer(level);
      if (writer) (writer[level] as (...args: unknown[]) => void)(...args);
    },
  });
}

/** Fastify's childLoggerFactory: lazy for a pino parent, unless a route sets its own level or serializers. */
export const lazyRequestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (logger, bindings, options) {
  const parent = logger as unknown as Partial<Logger>;
  if (options.level !== undefined || options.serializers !== undefined || typeof parent.isLevelEnabled !== 'function') return logger.child(bindings, options);
  return new LazyRequestLogger(parent as Logger, bindings) as unknown as FastifyBaseLogger;
};
