import type { MyShop } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { fetchMyShop } from './seller.api.js';

export interface MyShopState {
  /** Undefined while loading; null when the user has no shop yet. */
  shop: MyShop | null | undefined;
  error: unknown;
  reload: () => void;
  /** After a change the server answered with the whole shop. */
  setShop: (shop: MyShop) => void;
}

/** The signed-in user's shop (one per user), as every seller screen starts from it. */
export function useMyShop(): MyShopState {
  const [shop, setShopState] = useState<MyShop | null>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchMyShop(controller.signal).then(setShopState, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const setShop = useCallback((next: MyShop) => setShopState(next), []);
  return { shop, error, reload, setShop };
}
