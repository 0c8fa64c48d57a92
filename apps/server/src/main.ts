import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { readEnv } from './config/env.js';
import { DemoClock } from './demo/clock.js';
import { seedDemo } from './demo/seed.js';
import { openPlatform } from './platform/platform.js';

/** Process entry: config -> storage -> app -> listen -> graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(readEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // The demo seed writes a month of history, holding this clock at moments of the past; otherwise it is the system clock.
  const platform = await openPlatform(config, { clock: config.demo ? new DemoClock() : undefined });
  const souk = await buildApp(platform);
  const log = platform.logger;

  if (config.demo) await seedDemo(souk, platform);

  await souk.app.listen({ port: config.port, host: config.host });
  log.info(
    { storage: platform.database.dialect, bus: config.redisUrl ? 'redis' : 'in-process', dataDir: config.dataDir },
    `Souk is listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await souk.close();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
