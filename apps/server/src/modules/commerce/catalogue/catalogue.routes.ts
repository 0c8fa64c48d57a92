import { Type } from 'typebox';
import {
  AdminShop,
  AdminShopPage,
  AdminShopQuery,
  CategoryTree,
  MyProductQuery,
  MyShop,
  Product,
  ProductBody,
  ProductPage,
  ProductPatch,
  ProductQuery,
  Shop,
  ShopBody,
  ShopPatch,
  ShopVerificationBody,
  StockBody,
  TraderDetailsBody,
} from '@souk/contracts';
import { requireActor } from '../../../platform/http/auth.js';
import { problemResponses } from '../../../platform/http/schemas.js';
import type { SoukApp } from '../../../platform/http/types.js';
import type { Catalogue } from './index.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const SkuParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), skuId: Type.String({ minLength: 1, maxLength: 64 }) });
const tags = ['commerce'];

export async function catalogueRoutes(app: SoukApp, catalogue: Catalogue): Promise<void> {
  const service = catalogue.service;

  // ---- shops

  app.post(
    '/api/shops',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Open my shop (one per account): a brand, a creator storefront or an individual seller',
        body: ShopBody,
        response: { 201: MyShop, ...problemResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.openShop(requireActor(request).userId, request.body)),
  );

  app.get(
    '/api/shops/mine',
    { config: { auth: 'required' }, schema: { tags, summary: 'My shop, with my trader details and verification', response: { 200: MyShop, ...problemResponses(401, 404) } } },
    async (request) => service.myShop(requireActor(request).userId),
  );

  app.patch(
    '/api/shops/mine',
    {
      config: { auth: 'required' },
      schema: { tags, summary: "Change my shop's profile, policies and shipping", body: ShopPatch, response: { 200: MyShop, ...problemResponses(400, 401, 404, 422) } },
    },
    async (request) => service.updateMyShop(requireActor(request).userId, request.body),
  );

  app.post(
    '/api/shops/mine/trader-details',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: "Submit my shop's trader details for verification (required of brands, EU DSA art. 30)",
        body: TraderDetailsBody,
        response: { 200: MyShop, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => service.submitTraderDetails(requireActor(request).userId, request.body),
  );

  app.get(
    '/api/shops/:id',
    { schema: { tags, summary: 'A shop', params: IdParams, response: { 200: Shop, ...problemResponses(400, 404) } } },
    async (request) => service.shop(request.params.id),
  );

  app.get(
    '/api/admin/shops',
    {
      config: { auth: 'required', roles: ['admin'] },
      schema: { tags, summary: 'Shops for admins, newest first, e.g. those awaiting verification', querystring: AdminShopQuery, response: { 200: AdminShopPage, ...problemResponses(400, 401, 403) } },
    },
    async (request) => service.adminShops(request.query),
  );

  app.post(
    '/api/admin/shops/:id/verification',
    {
      config: { auth: 'required', roles: ['admin'] },
      schema: {
        tags,
        summary: "Verify or reject a shop's trader details",
        params: IdParams,
        body: ShopVerificationBody,
        response: { 200: AdminShop, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.decideVerification(request.params.id, request.body),
  );

  // ---- categories

  app.get(
    '/api/categories',
    { schema: { tags, summary: 'The category tree, names in English, French and Chinese', response: { 200: CategoryTree } } },
    async () => service.categoryTree(),
  );

  // ---- products

  app.post(
    '/api/shops/mine/products',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Add a product to my shop, with its options, SKUs (price, stock) and images',
        body: ProductBody,
        response: { 201: Product, ...problemResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.createProduct(requireActor(request).userId, request.body)),
  );

  app.get(
    '/api/shops/mine/products',
    {
      config: { auth: 'required' },
      schema: { tags, summary: "My shop's products, every status, newest first", querystring: MyProductQuery, response: { 200: ProductPage, ...problemResponses(400, 401, 404) } },
    },
    async (request) => service.myProducts(requireActor(request).userId, request.query),
  );

  app.get(
    '/api/shops/:id/products',
    {
      schema: { tags, summary: "A shop's products on sale, with the same filters and sorts as search", params: IdParams, querystring: ProductQuery, response: { 200: ProductPage, ...problemResponses(400, 404) } },
    },
    async (request) => service.shopProducts(request.params.id, request.query),
  );

  app.get(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'Search products on sale (Chinese, French, English), by category, shop and price, sorted',
        querystring: ProductQuery,
        response: { 200: ProductPage, ...problemResponses(400, 404) },
      },
    },
    async (request) => service.searchProducts(request.query),
  );

  app.get(
    '/api/products/:id',
    {
      config: { auth: 'optional' },
      schema: { tags, summary: 'A product page (drafts and archived products only to their shop)', params: IdParams, response: { 200: Product, ...problemResponses(400, 404) } },
    },
    async (request) => service.product(request.actor?.userId ?? null, request.params.id),
  );

  app.patch(
    '/api/products/:id',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Change a product of mine: text, category, images, options and SKUs, status',
        params: IdParams,
        body: ProductPatch,
        response: { 200: Product, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.updateProduct(requireActor(request).userId, request.params.id, request.body),
  );

  app.post(
    '/api/products/:id/publish',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Put a product of mine on sale', params: IdParams, response: { 200: Product, ...problemResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => service.setStatus(requireActor(request).userId, request.params.id, 'active'),
  );

  app.post(
    '/api/products/:id/archive',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Take a product of mine off sale', params: IdParams, response: { 200: Product, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request) => service.setStatus(requireActor(request).userId, request.params.id, 'archived'),
  );

  app.put(
    '/api/products/:id/skus/:skuId/stock',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: "Set a SKU's stock: the units available now (units held by unpaid orders are not counted)",
        params: SkuParams,
        body: StockBody,
        response: { 200: Product, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.setStock(requireActor(request).userId, request.params.id, request.params.skuId, request.body.stock),
  );
}
