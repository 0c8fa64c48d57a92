import { TrendingList } from '@souk/contracts';
import type { SoukApp } from '../../platform/http/types.js';
import type { TrendingService } from './trending.service.js';

export async function trendingRoutes(app: SoukApp, trending: TrendingService): Promise<void> {
  app.get(
    '/api/trending',
    {
      schema: {
        tags: ['search'],
        summary: 'Hot search: the top hashtags and search terms now, with rank movement',
        response: { 200: TrendingList },
      },
    },
    async () => trending.list(),
  );
}
