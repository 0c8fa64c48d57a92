import { describe, expect, it } from 'vitest';
import { reviewBody } from './review-body.js';

describe('reviewBody', () => {
  it('leaves empty text and photos out of a new review', () => {
    expect(reviewBody({ rating: 4, text: '  ', mediaIds: [] }, false)).toEqual({ rating: 4 });
    expect(reviewBody({ rating: 5, text: ' 很好 ', mediaIds: ['med_1'] }, false)).toEqual({ rating: 5, text: '很好', mediaIds: ['med_1'] });
  });

  it('sends every field of an edit, so clearing the text or the photos clears them', () => {
    expect(reviewBody({ rating: 3, text: ' ', mediaIds: [] }, true)).toEqual({ rating: 3, text: '', mediaIds: [] });
    expect(reviewBody({ rating: 2, text: 'Bof', mediaIds: ['med_2', 'med_1'] }, true)).toEqual({ rating: 2, text: 'Bof', mediaIds: ['med_2', 'med_1'] });
  });
});
