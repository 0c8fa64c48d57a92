import { ApiError } from '../../lib/api.js';
import { usePinAction, type PinAction } from '../wallet/use-pin-action.js';
import { isWrongPin } from './shop-errors.js';

/**
 * The wallet's PIN flow for a commerce payment. The orders part names a
 * wrong PIN WRONG_PIN where the wallet says PIN_WRONG: both keep the sheet
 * open for another try.
 */
export function useShopPinAction<R>(action: (pin: string | undefined) => Promise<R>, onDone: (result: R) => void): PinAction {
  return usePinAction(async (pin) => {
    try {
      return await action(pin);
    } catch (caught) {
      if (caught instanceof ApiError && isWrongPin(caught)) throw new ApiError(caught.status, 'PIN_WRONG', caught.detail, caught.errors);
      throw caught;
    }
  }, onDone);
}
