import type { FastifyBaseLogger } from 'fastify';
import type { WalletConfig } from '../../config/config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { Idempotency } from '../../platform/http/idempotency.js';
import type { RateLimiter } from '../../platform/http/rate-limiter.js';
import type { RealtimeGateway } from '../../platform/realtime/gateway.js';
import type { AccountsService } from '../accounts/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { FundingService } from './funding.service.js';
import { GroupCommit } from './group-commit.js';
import { HoldService } from './holds.service.js';
import { Ledger } from './ledger.js';
import { LedgerStore } from './ledger.store.js';
import { MerchantService } from './merchant.service.js';
import { MerchantStore } from './merchant.store.js';
import { PinService } from './pin.service.js';
import { QrService } from './qr.service.js';
import { RedPacketService } from './red-packets.service.js';
import { RedPacketStore } from './red-packets.store.js';
import { SecretBox } from './secret-box.js';
import { SandboxBank, type WebhookDelivery } from './sandbox-bank.js';
import { WalletService } from './wallet.service.js';
import { WalletStore } from './wallet.store.js';

export interface WalletModuleDeps {
  database: Database;
  events: Events;
  gateway: RealtimeGateway;
  idempotency: Idempotency;
  accounts: AccountsService;
  clock: Clock;
  logger: FastifyBaseLogger;
  config: WalletConfig;
  dataDir: string;
  limiter: RateLimiter;
  notifications: NotificationsService;
  /** How the sandbox bank reaches Souk's webhook (app.inject in one process). */
  deliverWebhook: WebhookDelivery;
}

/** The wallet module's parts, wired once. */
export interface Wallet {
  ledger: Ledger;
  ledgerStore: LedgerStore;
  store: WalletStore;
  commits: GroupCommit;
  service: WalletService;
  pins: PinService;
  holds: HoldService;
  funding: FundingService;
  sandboxBank: SandboxBank;
  qr: QrService;
  /** Merchant codes, payments, refunds, payouts and pay-code devices. */
  merchant: MerchantService;
  redPackets: RedPacketService;
  /** The secret the funding source signs its webhooks with. */
  webhookSecret: string;
  start(): void;
  stop(): Promise<void>;
  /**
   * Waits until the sandbox bank has answered every pending top-up and
   * withdrawal, delivering what is due as it goes: for the demo seed, the
   * bench and tests, which spend the money next.
   */
  settleSandbox(timeoutMs?: number): Promise<void>;
  /**
   * Returns expired holds' and red packets' money and settles fundings whose
   * webhook never came (asking the bank); run by the hourly housekeeping and
   * on demand. Returns how many it resolved.
   */
  sweep(): Promise<number>;
}

export function createWallet(deps: WalletModuleDeps): Wallet {
  const { database, events, gateway, idempotency, accounts, clock, logger, config } = deps;
  const ledgerStore = new LedgerStore();
  const store = new WalletStore();
  const ledger = new Ledger({ store: ledgerStore, clock });
  const commits = new GroupCommit({ database, enabled: config.groupCommit });
  const pins = new PinService({ database, store, accounts, clock });
  const service = new WalletService({ database, store, ledger, ledgerStore, commits, idempotency, pins, accounts, events, gateway, clock, config, logger });
  const holds = new HoldService({ database, store, ledger, wallet: service, clock });
  const secrets = SecretBox.load({ configuredKey: config.secretKey, dataDir: deps.dataDir });
  const webhookSecret = config.webhookSecret ?? secrets.derive('funding-webhook');
  const sandboxBank = new SandboxBank({ database, clock, logger, secret: webhookSecret, delayMs: config.sandboxBankDelayMs, deliver: deps.deliverWebhook });
  const funding = new FundingService({ database, store, ledger, wallet: service, holds, source: sandboxBank, clock, logger, secret: webhookSecret });
  const redPackets = new RedPacketService({ database, store: new RedPacketStore(), ledger, wallet: service, accounts, clock, logger, events, notifications: deps.notifications });
  redPackets.subscribe();
  const merchant = new MerchantService({ database, store: new MerchantStore(), ledger, wallet: service, accounts, events, clock, logger, secrets, limiter: deps.limiter });
  service.subscribe();
  return {
    ledger,
    ledgerStore,
    store,
    commits,
    service,
    pins,
    holds,
    funding,
    sandboxBank,
    qr: new QrService(),
    webhookSecret,
    merchant,
    redPackets,
    start() {
      sandboxBank.start();
      funding.start();
      redPackets.start();
      service.indexHistoryEvery();
    },
    async stop() {
      funding.stop();
      await redPackets.stop();
      await service.stop();
      await sandboxBank.stop();
    },
    async settleSandbox(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await sandboxBank.deliverDue();
        if (!(await store.anyPendingFunding(database.db))) return;
        if (Date.now() > deadline) throw new Error('the sandbox bank did not answer every pending funding in time');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    sweep: async () => (await funding.reconcile()) + (await holds.expireDue()) + (await redPackets.expireDue()),
  };
}
