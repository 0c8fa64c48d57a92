import type { ProductPage } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, openShop } from '../../../test/commerce.js';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { call, newUser, type TestUser } from '../../../test/social.js';

let souk: TestSouk;
let roaster: TestUser;
let other: TestUser;
let roasterShopId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  souk = await startTestSouk();
  roaster = await newUser(souk);
  other = await newUser(souk);
  roasterShopId = (await openShop(souk, roaster, { name: 'Torréfacteur' })).id;
  await openShop(souk, other, { name: 'Corner' });
  const add = async (key: string, who: TestUser, options: Parameters<typeof createProduct>[2]) => {
    ids[key] = (await createProduct(souk, who, options)).id;
  };
  await add('pourOver', roaster, { title: '手冲咖啡豆 埃塞俄比亚', categoryId: 'food-coffee-tea', price: 8800 });
  await add('moulu', roaster, { title: 'Café moulu pur arabica', categoryId: 'food-coffee-tea', price: 1290, description: 'Torréfié à Lyon.' });
  await add('teapot', roaster, { title: 'Théière en fonte', categoryId: 'home-kitchen', price: 4500 });
  await add('grinder', other, { title: 'Coffee grinder (manual)', categoryId: 'home-kitchen', price: 25900, description: 'Grinds café beans evenly.' });
  await add('tee', other, { title: 'ÉTÉ linen tee', categoryId: 'clothing-men', price: 9900 });
  await add('draft', other, { title: 'Café draft', categoryId: 'food-coffee-tea', price: 100, publish: false });
});
afterAll(async () => {
  await souk.stop();
});

async function search(query: string): Promise<string[]> {
  const { status, body } = await call(souk, null, 'GET', `/api/products?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return (body as ProductPage).items.map((item) => item.id);
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('product search', () => {
  it('finds Chinese by characters, whatever the segmentation', async () => {
    // In the title of one, in the other's category (咖啡茶饮): the title weighs more.
    expect(await search(q('咖啡'))).toEqual([ids.pourOver, ids.moulu]);
    expect(await search(q('手冲'))).toEqual([ids.pourOver]);
    expect(await search(q('埃塞俄比亚 咖啡'))).toEqual([ids.pourOver]);
    expect(await search(q('咖啡机'))).toEqual([]);
  });

  it('folds accents and case in French and English', async () => {
    expect(await search(q('café moulu'))).toEqual([ids.moulu]);
    expect(await search(q('CAFE MOULU'))).toEqual([ids.moulu]);
    expect(new Set(await search(q('cafe')))).toEqual(new Set([ids.moulu, ids.grinder, ids.pourOver]));
    expect(await search(q('ete'))).toEqual([ids.tee]);
    expect(await search(q('Théière'))).toEqual([ids.teapot]);
    expect(await search(q('theiere'))).toEqual([ids.teapot]);
    // The last word is a prefix while typing.
    expect(await search(q('grind'))).toEqual([ids.grinder]);
  });

  it('ranks title matches above category matches above description matches', async () => {
    // "café": title and category (Café & thé) of one, category of another, description of the third.
    expect(await search(q('café '))).toEqual([ids.moulu, ids.pourOver, ids.grinder]);
    // Category names in every language are terms: 厨具 (kitchen) and "Cuisine".
    expect(new Set(await search(q('厨具')))).toEqual(new Set([ids.teapot, ids.grinder]));
    expect(new Set(await search(q('cuisine')))).toEqual(new Set([ids.teapot, ids.grinder]));
    expect(new Set(await search(q('torrefacteur')))).toEqual(new Set([ids.pourOver, ids.moulu, ids.teapot]));
  });

  it('never lists drafts, and nothing for a query with nothing searchable', async () => {
    expect(await search(q('draft'))).toEqual([]);
    expect(await search(q('!!! ???'))).toEqual([]);
  });

  it('filters by category (with its sub-categories), shop and price', async () => {
    expect(new Set(await search('category=food-drink'))).toEqual(new Set([ids.pourOver, ids.moulu]));
    expect(new Set(await search('category=food-coffee-tea'))).toEqual(new Set([ids.pourOver, ids.moulu]));
    expect(new Set(await search(`shop=${roasterShopId}`))).toEqual(new Set([ids.pourOver, ids.moulu, ids.teapot]));
    expect(new Set(await search('minPrice=4500&maxPrice=9900'))).toEqual(new Set([ids.pourOver, ids.teapot, ids.tee]));
    expect(await search(`${q('cafe')}&maxPrice=2000`)).toEqual([ids.moulu]);
    expect(new Set(await search(`category=home&${q('cafe')}`))).toEqual(new Set([ids.grinder]));

    expect((await call(souk, null, 'GET', '/api/products?category=nope')).body.code).toBe('CATEGORY_NOT_FOUND');
    expect((await call(souk, null, 'GET', '/api/products?minPrice=10&maxPrice=5')).body.code).toBe('PRICE_RANGE_INVALID');
    expect((await call(souk, null, 'GET', '/api/products?minPrice=-1')).body.code).toBe('VALIDATION_FAILED');
    expect((await call(souk, null, 'GET', '/api/products?sort=cheapest')).body.code).toBe('VALIDATION_FAILED');
  });

  it('sorts by price, newness and sales', async () => {
    const active = [ids.pourOver, ids.moulu, ids.teapot, ids.grinder, ids.tee];
    expect(await search('sort=price_asc')).toEqual([ids.moulu, ids.teapot, ids.pourOver, ids.tee, ids.grinder]);
    expect(await search('sort=price_desc')).toEqual([ids.grinder, ids.tee, ids.pourOver, ids.teapot, ids.moulu]);
    expect(await search('sort=newest')).toEqual([...active].reverse());

    // Sales come from paid orders; the catalogue counts them when orders record them.
    const teapot = (await call(souk, null, 'GET', `/api/products/${ids.teapot}`)).body;
    await souk.platform.database.transaction((tx) => souk.commerce.catalogue.recordSold(tx.db, teapot.skus[0].id, ids.teapot!, 3));
    const grinder = (await call(souk, null, 'GET', `/api/products/${ids.grinder}`)).body;
    await souk.platform.database.transaction((tx) => souk.commerce.catalogue.recordSold(tx.db, grinder.skus[0].id, ids.grinder!, 1));
    expect((await search('sort=sales')).slice(0, 2)).toEqual([ids.teapot, ids.grinder]);
    expect((await call(souk, null, 'GET', `/api/products/${ids.teapot}`)).body.soldCount).toBe(3);
  });

  it('pages with a cursor through every sort without repeats or gaps', async () => {
    for (const sort of ['newest', 'price_asc', 'price_desc', 'sales', 'relevance']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      const base = sort === 'relevance' ? `${q('e')}&sort=relevance` : `sort=${sort}`;
      const all = await search(`${base}&limit=50`);
      do {
        const { status, body }: { status: number; body: ProductPage } = await call(souk, null, 'GET', `/api/products?${base}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(all);
      expect(all.length, sort).toBeGreaterThan(2);
    }
    expect((await call(souk, null, 'GET', '/api/products?cursor=garbage')).body.code).toBe('INVALID_CURSOR');
    const stringKey = Buffer.from(JSON.stringify(['abc', 'prd_x'])).toString('base64url');
    expect((await call(souk, null, 'GET', `/api/products?sort=price_asc&cursor=${stringKey}`)).body.code).toBe('INVALID_CURSOR');
  });

  it('reindexes a product when it changes', async () => {
    const changed = await call(souk, other, 'PATCH', `/api/products/${ids.tee}`, { title: '亚麻T恤' });
    expect(changed.status).toBe(200);
    expect(await search(q('linen'))).toEqual([]);
    expect(await search(q('亚麻'))).toEqual([ids.tee]);
  });
});
