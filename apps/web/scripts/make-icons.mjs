// Renders the PNG icons from public/icons/icon.svg. Run once after changing the
// SVG (`node scripts/make-icons.mjs`) and commit the PNGs: builds never need sharp.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const iconsDir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const svg = await readFile(`${iconsDir}icon.svg`);

for (const size of [192, 512]) {
  await sharp(svg, { density: 300 }).resize(size, size).png().toFile(`${iconsDir}icon-${size}.png`);
}

// Maskable icons are cropped to a circle by some launchers: draw the mark at
// 70% on a full-bleed background so it stays inside the safe zone.
const mark = await sharp(svg, { density: 300 }).resize(358, 358).png().toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: '#ff2442' } })
  .composite([{ input: mark, gravity: 'centre' }])
  .png()
  .toFile(`${iconsDir}icon-maskable-512.png`);
