import { describe, expect, it } from 'vitest';
import { appendPage } from './paging.js';

describe('appendPage', () => {
  it('appends in order and drops items already shown', () => {
    const id = (item: { id: string }) => item.id;
    expect(appendPage([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }], id)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(appendPage([], [{ id: 'x' }], id)).toEqual([{ id: 'x' }]);
  });
});
