import { describe, expect, it } from 'vitest';
import { screenFiles } from './media-rules.js';

const png = (size = 1000) => ({ type: 'image/png', size });
const mp4 = (size = 1000) => ({ type: 'video/mp4', size });

describe('screenFiles', () => {
  it('accepts up to nine images in all and refuses the rest as over the count', () => {
    const files = Array.from({ length: 5 }, () => png());
    const { accepted, rejected } = screenFiles(files, { images: 6, video: false });
    expect(accepted).toHaveLength(3);
    expect(rejected.map((r) => r.reason)).toEqual(['count', 'count']);
  });

  it('refuses unknown types by their MIME type and oversize files by their size', () => {
    const { accepted, rejected } = screenFiles([{ type: 'application/pdf', size: 10 }, png(21 * 1024 * 1024), mp4(101 * 1024 * 1024)], {
      images: 0,
      video: false,
    });
    expect(accepted).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual(['type', 'size', 'size']);
  });

  it('takes one video alone: not beside images, not a second one', () => {
    expect(screenFiles([mp4()], { images: 1, video: false }).rejected.map((r) => r.reason)).toEqual(['count']);
    expect(screenFiles([mp4()], { images: 0, video: true }).rejected.map((r) => r.reason)).toEqual(['count']);
    const mixed = screenFiles([mp4(), png(), mp4()], { images: 0, video: false });
    expect(mixed.accepted.map((a) => a.kind)).toEqual(['video']);
    expect(mixed.rejected.map((r) => r.reason)).toEqual(['count', 'count']);
  });
});
