import { createHash } from 'node:crypto';
import sharp from 'sharp';

/**
 * A geometric avatar drawn from the handle's hash: no text, so it needs no
 * fonts (CJK names render the same as Latin ones) and no network.
 */
export async function renderAvatar(seed: string): Promise<Buffer> {
  const bytes = createHash('sha256').update(seed).digest();
  const hue = (bytes[0]! * 360) / 256;
  const hue2 = (hue + 40 + (bytes[1]! % 80)) % 360;
  const shapes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const x = 20 + (bytes[2 + i]! % 216);
    const y = 20 + (bytes[7 + i]! % 216);
    const r = 18 + (bytes[12 + i]! % 60);
    const light = 55 + (bytes[17 + i]! % 35);
    shapes.push(`<circle cx="${x}" cy="${y}" r="${r}" fill="hsl(${(hue2 + i * 25) % 360},70%,${light}%)" fill-opacity="0.75"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="hsl(${hue},75%,62%)"/><stop offset="1" stop-color="hsl(${hue2},70%,42%)"/>
  </linearGradient></defs>
  <rect width="256" height="256" fill="url(#g)"/>${shapes.join('')}
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
