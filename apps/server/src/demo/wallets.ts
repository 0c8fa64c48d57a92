import { randomUUID } from 'node:crypto';
import type { Souk } from '../app.js';

/** Who starts with money, how much (minor units), and a few payments among them with notes in three languages. */
const FUNDED: Array<[handle: string, cny: number, eur: number]> = [
  ['demo', 200_000, 50_000],
  ['lina_beauty', 500_000, 0],
  ['chef_marcel', 0, 80_000],
  ['chayu_tea', 300_000, 0],
  ['xiaomian_kitchen', 100_000, 0],
  ['boulangerie_ble', 0, 40_000],
  ['maison_lumiere', 0, 200_000],
];

const TRANSFERS: Array<[from: string, to: string, amount: number, currency: string, note: string]> = [
  ['lina_beauty', 'demo', 8_800, 'CNY', '奶茶钱 🧋 谢谢你上次帮忙'],
  ['demo', 'xiaomian_kitchen', 1_800, 'CNY', '两碗小面'],
  ['chef_marcel', 'demo', 2_450, 'EUR', 'Merci pour le dîner !'],
  ['demo', 'boulangerie_ble', 640, 'EUR', 'Two croissants and a baguette'],
];

/**
 * Gives the demo's people a wallet to try: top-ups through the sandbox bank
 * (confirmed by its signed webhook, like any other), then a few transfers, and
 * a lucky red packet from a brand that anyone may open. Through the services,
 * so every rule of the ledger holds.
 */
export async function seedWallets(souk: Souk, userIdOf: (handle: string) => string): Promise<number> {
  const { funding, service } = souk.wallet;
  for (const [handle, cny, eur] of FUNDED) {
    if (cny > 0) await funding.topup(userIdOf(handle), { amount: cny, currency: 'CNY' }, `demo-topup-cny-${handle}`);
    if (eur > 0) await funding.topup(userIdOf(handle), { amount: eur, currency: 'EUR' }, `demo-topup-eur-${handle}`);
  }
  // The bank answers after its delay; wait for every answer before spending.
  await souk.wallet.settleSandbox();
  for (const [from, to, amount, currency, note] of TRANSFERS) {
    await service.transfer(userIdOf(from), { to: userIdOf(to), amount, currency, note }, randomUUID());
  }
  await souk.wallet.redPackets.send(userIdOf('chayu_tea'), { amount: 8_800, currency: 'CNY', count: 8, split: 'lucky', message: '新茶上市，恭喜发财！' }, 'demo-red-packet');
  return FUNDED.length;
}
