import type { ReviewBody, ReviewPatch } from '@souk/contracts';

/**
 * What the review form sends. A new review leaves out what is empty; an
 * edit sends every field, so a cleared text or a removed last photo is
 * cleared on the server too.
 */
export function reviewBody(form: { rating: number; text: string; mediaIds: readonly string[] }, editing: false): ReviewBody;
export function reviewBody(form: { rating: number; text: string; mediaIds: readonly string[] }, editing: true): ReviewPatch;
export function reviewBody(form: { rating: number; text: string; mediaIds: readonly string[] }, editing: boolean): ReviewBody | ReviewPatch {
  const text = form.text.trim();
  if (editing) return { rating: form.rating, text, mediaIds: [...form.mediaIds] };
  return { rating: form.rating, ...(text ? { text } : {}), ...(form.mediaIds.length ? { mediaIds: [...form.mediaIds] } : {}) };
}
