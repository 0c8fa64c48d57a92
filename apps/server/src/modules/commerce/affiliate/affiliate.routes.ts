import { Type } from 'typebox';
import {
  AffiliateDashboard,
  AffiliateLink,
  ClickBody,
  ClickResult,
  LinkBody,
  MyOfferPage,
  MyOffersQuery,
  Offer,
  OfferBody,
  OfferPage,
  OffersQuery,
  PostProducts,
  PostProductsBody,
  PostProductsList,
  PostProductsQuery,
  Review,
  ReviewBody,
  ReviewPage,
  ReviewPatch,
  ReviewsQuery,
  Storefront,
} from '@souk/contracts';
import { requireActor } from '../../../platform/http/auth.js';
import { NoContent, problemResponses } from '../../../platform/http/schemas.js';
import type { SoukApp } from '../../../platform/http/types.js';
import type { Affiliate } from './index.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id });
const ProductParams = Type.Object({ productId: Id });
const PostProductParams = Type.Object({ id: Id, productId: Id });
const StorefrontParams = Type.Object({ user: Type.String({ minLength: 1, maxLength: 64, description: 'A user id or handle.' }) });
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) });
const ReviewParams = Type.Object({ orderId: Id, itemId: Id });

/** Shoppable posts, affiliate offers, storefronts, links, clicks, dashboards and reviews. */
export async function affiliateRoutes(app: SoukApp, affiliate: Affiliate): Promise<void> {
  const { shoppable, offers, clicks, sales, reviews } = affiliate;
  const tags = ['commerce'];

  // ---- Shoppable posts ----------------------------------------------------

  app.put(
    '/api/posts/:id/products',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: "Tag products on my note or video (replaces its tags): my shop's products, or affiliate offers in my storefront",
        params: IdParams,
        body: PostProductsBody,
        response: { 200: PostProducts, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => shoppable.setTags(requireActor(request), request.params.id, request.body.productIds),
  );

  app.delete(
    '/api/posts/:id/products/:productId',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Remove one product tag from my post', params: PostProductParams, response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await shoppable.removeTag(requireActor(request), request.params.id, request.params.productId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/posts/products',
    {
      config: { auth: 'optional' },
      schema: {
        tags,
        summary: 'Product cards of a page of posts (only posts I may see, only products on sale), with the attribution to send to checkout',
        querystring: PostProductsQuery,
        response: { 200: PostProductsList, ...problemResponses(400) },
      },
    },
    async (request) => shoppable.cardsForPosts(request.actor?.userId ?? null, request.query.ids.split(',').map((id) => id.trim()).filter((id) => id !== '')),
  );

  // ---- Offers -------------------------------------------------------------

  app.put(
    '/api/products/:id/affiliate',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Open my product to affiliates, or change its commission (basis points, 100–5000)',
        params: IdParams,
        body: OfferBody,
        response: { 200: Offer, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => offers.setOffer(requireActor(request), request.params.id, request.body.commissionBp),
  );

  app.delete(
    '/api/products/:id/affiliate',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Close my product to new affiliate sales (attributed orders keep their commission)', params: IdParams, response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await offers.closeOffer(requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/products/:id/affiliate',
    {
      config: { auth: 'optional' },
      schema: { tags, summary: "A product's affiliate offer", params: IdParams, response: { 200: Offer, ...problemResponses(400, 404) } },
    },
    async (request) => offers.offer(request.actor?.userId ?? null, request.params.id),
  );

  app.get(
    '/api/affiliate/offers',
    {
      config: { auth: 'optional' },
      schema: { tags, summary: 'The affiliate marketplace: open offers by commission, sales or newest', querystring: OffersQuery, response: { 200: OfferPage, ...problemResponses(400) } },
    },
    async (request) => offers.offers(request.actor?.userId ?? null, request.query),
  );

  app.get(
    '/api/affiliate/offers/mine',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: "My shop's open offers, newest product first, with what creators sold of each (empty without a shop)",
        querystring: MyOffersQuery,
        response: { 200: MyOfferPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => offers.myOffers(requireActor(request), request.query),
  );

  // ---- Storefronts and links -----------------------------------------------

  app.post(
    '/api/storefront/products/:productId',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Add an affiliate offer to my storefront (creators)', params: ProductParams, response: { 200: Offer, ...problemResponses(400, 401, 403, 404, 422) } },
    },
    async (request) => offers.addPick(requireActor(request), request.params.productId),
  );

  app.delete(
    '/api/storefront/products/:productId',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Remove a product from my storefront', params: ProductParams, response: { 204: NoContent, ...problemResponses(400, 401, 404) } },
    },
    async (request, reply) => {
      await offers.removePick(requireActor(request), request.params.productId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/storefronts/:user',
    {
      config: { auth: 'optional' },
      schema: { tags, summary: "A creator's storefront: their picks and their own shop's products", params: StorefrontParams, response: { 200: Storefront, ...problemResponses(400, 404) } },
    },
    async (request) => offers.storefront(request.params.user),
  );

  app.post(
    '/api/affiliate/links',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'My affiliate link to a product (the same code each time)', body: LinkBody, response: { 200: AffiliateLink, ...problemResponses(400, 401, 403, 404, 422) } },
    },
    async (request) => offers.createLink(requireActor(request), request.body.productId),
  );

  app.get(
    '/api/affiliate/links/:code',
    {
      config: { auth: 'optional' },
      schema: { tags, summary: "Open an affiliate link: its product, with the link to send to checkout (counts a click)", params: CodeParams, response: { 200: AffiliateLink, ...problemResponses(400, 404, 429) } },
    },
    async (request) => clicks.openLink({ rateKey: request.actor?.userId ?? request.ip }, request.params.code),
  );

  app.post(
    '/api/affiliate/clicks',
    {
      config: { auth: 'optional' },
      schema: {
        tags,
        summary: 'Report a product card seen or opened, with where it was met (post, storefront, link)',
        body: ClickBody,
        response: { 200: ClickResult, ...problemResponses(400, 404, 429) },
      },
    },
    async (request) => clicks.record({ userId: request.actor?.userId ?? null, rateKey: request.actor?.userId ?? request.ip }, request.body),
  );

  // ---- Dashboards ---------------------------------------------------------

  app.get(
    '/api/affiliate/dashboard',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'My affiliate sales as a creator: views, clicks, orders, GMV, conversion and commission per product', response: { 200: AffiliateDashboard, ...problemResponses(401) } },
    },
    async (request) => sales.creatorDashboard(requireActor(request).userId),
  );

  app.get(
    '/api/affiliate/brand-dashboard',
    {
      config: { auth: 'required' },
      schema: { tags, summary: "My shop's sales per product and creator (empty without a shop)", response: { 200: AffiliateDashboard, ...problemResponses(401) } },
    },
    async (request) => sales.brandDashboard(requireActor(request).userId),
  );

  // ---- Reviews ------------------------------------------------------------

  app.post(
    '/api/orders/:orderId/items/:itemId/review',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Review an item of my completed order (once): rating, text and photos',
        params: ReviewParams,
        body: ReviewBody,
        response: { 201: Review, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await reviews.review(requireActor(request), request.params.orderId, request.params.itemId, request.body)),
  );

  app.get(
    '/api/orders/:orderId/items/:itemId/review',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'My review of an item of my order, to edit it', params: ReviewParams, response: { 200: Review, ...problemResponses(400, 401, 404) } },
    },
    async (request) => reviews.mine(requireActor(request), request.params.orderId, request.params.itemId),
  );

  app.patch(
    '/api/orders/:orderId/items/:itemId/review',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Change my review of an item: rating, text or photos (the product’s average follows)',
        params: ReviewParams,
        body: ReviewPatch,
        response: { 200: Review, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => reviews.edit(requireActor(request), request.params.orderId, request.params.itemId, request.body),
  );

  app.delete(
    '/api/orders/:orderId/items/:itemId/review',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Delete my review of an item (it may be reviewed again)', params: ReviewParams, response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await reviews.remove(requireActor(request), request.params.orderId, request.params.itemId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/products/:id/reviews',
    {
      config: { auth: 'optional' },
      schema: { tags, summary: "A product's reviews, newest first, with the average and the histogram", params: IdParams, querystring: ReviewsQuery, response: { 200: ReviewPage, ...problemResponses(400) } },
    },
    async (request) => reviews.list(request.params.id, request.query),
  );
}
