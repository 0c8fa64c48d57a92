import sharp from 'sharp';
import type { Random } from './random.js';
import type { Topic } from './topics.js';

/**
 * Note pictures drawn from code: an SVG composition in the topic's palette
 * (a serum bottle on a pastel podium, a plate seen from above, mountains at
 * dawn...) rasterised by sharp. No network, no photos, no fonts: shapes only,
 * so every machine renders the same picture.
 */

interface Canvas {
  w: number;
  h: number;
  r: Random;
  /** Unique ids for gradients and patterns within one SVG. */
  id(name: string): string;
}

/** Xiaohongshu's feed is mostly portrait 3:4, then squares, a few landscapes. */
const SHAPES: Array<{ w: number; h: number; weight: number }> = [
  { w: 720, h: 960, weight: 6 },
  { w: 840, h: 840, weight: 3 },
  { w: 960, h: 720, weight: 1.5 },
];

const n = (value: number) => value.toFixed(1);

function linear(c: Canvas, colors: string[], x2 = 0, y2 = 1): { defs: string; fill: string } {
  const id = c.id('lin');
  const stops = colors.map((color, i) => `<stop offset="${n(i / Math.max(colors.length - 1, 1))}" stop-color="${color}"/>`).join('');
  return { defs: `<linearGradient id="${id}" x1="0" y1="0" x2="${x2}" y2="${y2}">${stops}</linearGradient>`, fill: `url(#${id})` };
}

function radialGlow(c: Canvas, color: string, opacity: number): { defs: string; fill: string } {
  const id = c.id('glow');
  return {
    defs: `<radialGradient id="${id}"><stop offset="0" stop-color="${color}" stop-opacity="${opacity}"/><stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient>`,
    fill: `url(#${id})`,
  };
}

/** A four-pointed sparkle. */
function sparkle(x: number, y: number, size: number, color: string): string {
  const s = size;
  const k = size * 0.18;
  return `<path d="M${n(x)} ${n(y - s)} Q${n(x + k)} ${n(y - k)} ${n(x + s)} ${n(y)} Q${n(x + k)} ${n(y + k)} ${n(x)} ${n(y + s)} Q${n(x - k)} ${n(y + k)} ${n(x - s)} ${n(y)} Q${n(x - k)} ${n(y - k)} ${n(x)} ${n(y - s)}Z" fill="${color}"/>`;
}

// ---- Beauty: a product on a podium, soft light, sparkles -------------------

const BEAUTY_PALETTES = [
  ['#fde2e4', '#f8c8d4', '#e79aa9', '#b5566a', '#fff5f6'],
  ['#f6e7d8', '#f2c6a0', '#d99177', '#8c4a3c', '#fffaf3'],
  ['#ece4f7', '#d3c2ee', '#a78bce', '#5b3f8c', '#faf7ff'],
  ['#e3f2ee', '#bfe3d8', '#7fbfae', '#2f6f62', '#f5fffb'],
  ['#fff1d6', '#ffd9a0', '#f4a259', '#a8552a', '#fffaf0'],
];

function beauty(c: Canvas): { defs: string; body: string } {
  const { w, h, r } = c;
  const p = r.pick(BEAUTY_PALETTES);
  const bg = linear(c, [p[4]!, p[0]!, p[1]!], r.next() * 0.6, 1);
  const glow = radialGlow(c, '#ffffff', 0.85);
  let defs = bg.defs + glow.defs;
  let body = `<rect width="${w}" height="${h}" fill="${bg.fill}"/>`;
  for (let i = 0; i < 7; i++) {
    body += `<circle cx="${n(r.next() * w)}" cy="${n(r.next() * h * 0.7)}" r="${n(30 + r.next() * w * 0.18)}" fill="${glow.fill}"/>`;
  }
  const cx = w * (0.4 + r.next() * 0.2);
  const ground = h * (0.72 + r.next() * 0.08);
  // Podium: an ellipse top on a cylinder.
  const podiumW = w * (0.42 + r.next() * 0.12);
  body += `<rect x="${n(cx - podiumW / 2)}" y="${n(ground)}" width="${n(podiumW)}" height="${n(h - ground)}" fill="${p[2]}"/>`;
  body += `<ellipse cx="${n(cx)}" cy="${n(ground)}" rx="${n(podiumW / 2)}" ry="${n(podiumW * 0.12)}" fill="${p[1]}"/>`;
  const product = r.int(0, 3);
  const dark = p[3]!;
  if (product === 0) {
    // Serum bottle with a dropper.
    const bw = w * 0.2;
    const bh = h * 0.32;
    const glass = linear(c, [p[1]!, p[2]!, dark], 1, 0);
    defs += glass.defs;
    body += `<rect x="${n(cx - bw / 2)}" y="${n(ground - bh)}" width="${n(bw)}" height="${n(bh)}" rx="${n(bw * 0.18)}" fill="${glass.fill}"/>`;
    body += `<rect x="${n(cx - bw * 0.22)}" y="${n(ground - bh - bh * 0.12)}" width="${n(bw * 0.44)}" height="${n(bh * 0.13)}" fill="${dark}"/>`;
    body += `<ellipse cx="${n(cx)}" cy="${n(ground - bh - bh * 0.2)}" rx="${n(bw * 0.2)}" ry="${n(bh * 0.11)}" fill="${dark}"/>`;
    body += `<rect x="${n(cx - bw * 0.3)}" y="${n(ground - bh * 0.62)}" width="${n(bw * 0.6)}" height="${n(bh * 0.28)}" rx="4" fill="#ffffff" fill-opacity="0.75"/>`;
    body += `<rect x="${n(cx - bw * 0.38)}" y="${n(ground - bh * 0.95)}" width="${n(bw * 0.1)}" height="${n(bh * 0.7)}" rx="4" fill="#ffffff" fill-opacity="0.35"/>`;
  } else if (product === 1) {
    // Lipstick: case, tube, slanted bullet.
    const lw = w * 0.13;
    const caseH = h * 0.2;
    const tubeH = h * 0.09;
    const bulletH = h * 0.11;
    const top = ground - caseH;
    body += `<rect x="${n(cx - lw / 2)}" y="${n(top)}" width="${n(lw)}" height="${n(caseH)}" rx="3" fill="${dark}"/>`;
    body += `<rect x="${n(cx - lw * 0.42)}" y="${n(top - tubeH)}" width="${n(lw * 0.84)}" height="${n(tubeH)}" fill="#d9b26f"/>`;
    body += `<path d="M${n(cx - lw * 0.36)} ${n(top - tubeH)} L${n(cx - lw * 0.36)} ${n(top - tubeH - bulletH * 0.6)} L${n(cx + lw * 0.36)} ${n(top - tubeH - bulletH)} L${n(cx + lw * 0.36)} ${n(top - tubeH)}Z" fill="${r.pick(['#c0392b', '#a93246', '#d35d6e', '#8e2f3c', '#e07a5f'])}"/>`;
    body += `<rect x="${n(cx + lw * 0.9)}" y="${n(ground - caseH * 1.1)}" width="${n(lw)}" height="${n(caseH * 1.1)}" rx="3" fill="${dark}" fill-opacity="0.85"/>`;
  } else if (product === 2) {
    // Cream jar.
    const jw = w * 0.38;
    const jh = h * 0.15;
    body += `<rect x="${n(cx - jw / 2)}" y="${n(ground - jh)}" width="${n(jw)}" height="${n(jh)}" rx="${n(jh * 0.2)}" fill="#ffffff"/>`;
    body += `<rect x="${n(cx - jw * 0.53)}" y="${n(ground - jh * 1.55)}" width="${n(jw * 1.06)}" height="${n(jh * 0.6)}" rx="${n(jh * 0.2)}" fill="${dark}"/>`;
    body += `<rect x="${n(cx - jw * 0.3)}" y="${n(ground - jh * 0.65)}" width="${n(jw * 0.6)}" height="${n(jh * 0.3)}" rx="3" fill="${p[1]}"/>`;
  } else {
    // Compact with a mirror and a powder pan.
    const radius = w * 0.21;
    const y = ground - radius * 0.55;
    body += `<ellipse cx="${n(cx)}" cy="${n(y)}" rx="${n(radius)}" ry="${n(radius * 0.55)}" fill="${dark}"/>`;
    body += `<ellipse cx="${n(cx)}" cy="${n(y - radius * 0.06)}" rx="${n(radius * 0.8)}" ry="${n(radius * 0.42)}" fill="${p[1]}"/>`;
    body += `<ellipse cx="${n(cx - radius * 0.25)}" cy="${n(y - radius * 0.16)}" rx="${n(radius * 0.25)}" ry="${n(radius * 0.08)}" fill="#ffffff" fill-opacity="0.6"/>`;
  }
  for (let i = 0; i < r.int(3, 7); i++) {
    body += sparkle(r.next() * w, r.next() * h * 0.6, 8 + r.next() * 22, i % 2 ? '#ffffff' : p[4]!);
  }
  return { defs, body };
}

// ---- Fashion: colour blocks, pattern, a garment or a bag -------------------

const FASHION_PALETTES = [
  ['#efe6da', '#c8a27a', '#7a5230', '#1f1f1f', '#e9d8c4'],
  ['#f2efe9', '#d64933', '#2b2d42', '#8d99ae', '#edf2f4'],
  ['#e8ede7', '#6b8f71', '#2f3e2e', '#d9c5a0', '#f6f3ea'],
  ['#f7e1d7', '#dedbd2', '#4a5759', '#b0c4b1', '#edafb8'],
  ['#f1f1f1', '#111111', '#c9a227', '#7d7d7d', '#e0d7c6'],
];

function garmentPath(kind: number, x: number, y: number, s: number): string {
  if (kind === 0) {
    // T-shirt.
    return `M${n(x - s * 0.25)} ${n(y)} L${n(x - s * 0.55)} ${n(y + s * 0.18)} L${n(x - s * 0.42)} ${n(y + s * 0.42)} L${n(x - s * 0.32)} ${n(y + s * 0.36)} L${n(x - s * 0.32)} ${n(y + s)} L${n(x + s * 0.32)} ${n(y + s)} L${n(x + s * 0.32)} ${n(y + s * 0.36)} L${n(x + s * 0.42)} ${n(y + s * 0.42)} L${n(x + s * 0.55)} ${n(y + s * 0.18)} L${n(x + s * 0.25)} ${n(y)} Q${n(x)} ${n(y + s * 0.16)} ${n(x - s * 0.25)} ${n(y)}Z`;
  }
  // Dress.
  return `M${n(x - s * 0.14)} ${n(y)} L${n(x - s * 0.22)} ${n(y + s * 0.32)} L${n(x - s * 0.5)} ${n(y + s * 1.1)} L${n(x + s * 0.5)} ${n(y + s * 1.1)} L${n(x + s * 0.22)} ${n(y + s * 0.32)} L${n(x + s * 0.14)} ${n(y)} Q${n(x)} ${n(y + s * 0.1)} ${n(x - s * 0.14)} ${n(y)}Z`;
}

function fashion(c: Canvas): { defs: string; body: string } {
  const { w, h, r } = c;
  const p = r.pick(FASHION_PALETTES);
  const stripes = c.id('stripes');
  const dots = c.id('dots');
  const stripeW = 14 + r.int(0, 20);
  let defs = `<pattern id="${stripes}" width="${stripeW * 2}" height="${stripeW * 2}" patternUnits="userSpaceOnUse" patternTransform="rotate(${r.pick([0, 45, 90, -30])})"><rect width="${stripeW}" height="${stripeW * 2}" fill="${p[1]}"/></pattern>`;
  defs += `<pattern id="${dots}" width="36" height="36" patternUnits="userSpaceOnUse"><circle cx="18" cy="18" r="${5 + r.int(0, 5)}" fill="${p[3]}"/></pattern>`;
  let body = `<rect width="${w}" height="${h}" fill="${p[0]}"/>`;
  const split = r.next();
  if (split < 0.4) {
    body += `<path d="M0 ${n(h * (0.3 + r.next() * 0.4))} L${w} ${n(h * (0.2 + r.next() * 0.5))} L${w} ${h} L0 ${h}Z" fill="${p[4]}"/>`;
  } else if (split < 0.7) {
    body += `<rect x="${n(w * 0.55)}" width="${n(w * 0.45)}" height="${h}" fill="url(#${stripes})" fill-opacity="0.55"/>`;
  } else {
    body += `<rect width="${w}" height="${n(h * 0.45)}" fill="url(#${dots})" fill-opacity="0.35"/>`;
  }
  // An arch, the shop-window shape of the season.
  const aw = w * (0.5 + r.next() * 0.2);
  const ax = w / 2 - aw / 2;
  const atop = h * 0.14;
  body += `<path d="M${n(ax)} ${n(h * 0.92)} L${n(ax)} ${n(atop + aw / 2)} A${n(aw / 2)} ${n(aw / 2)} 0 0 1 ${n(ax + aw)} ${n(atop + aw / 2)} L${n(ax + aw)} ${n(h * 0.92)}Z" fill="${p[4]}" stroke="${p[2]}" stroke-width="3"/>`;
  const cx = w / 2;
  if (r.chance(0.7)) {
    const s = Math.min(w, h) * 0.5;
    const top = atop + aw * 0.28;
    // Hanger, then the garment hanging from it.
    body += `<path d="M${n(cx)} ${n(top - s * 0.14)} q0 -${n(s * 0.06)} ${n(s * 0.05)} -${n(s * 0.06)}" stroke="${p[3]}" stroke-width="5" fill="none" stroke-linecap="round"/>`;
    body += `<path d="M${n(cx - s * 0.3)} ${n(top + s * 0.05)} L${n(cx)} ${n(top - s * 0.12)} L${n(cx + s * 0.3)} ${n(top + s * 0.05)}" stroke="${p[3]}" stroke-width="5" fill="none" stroke-linejoin="round"/>`;
    const fill = r.pick([p[1]!, p[2]!, `url(#${stripes})`, `url(#${dots})`]);
    body += `<path d="${garmentPath(r.int(0, 1), cx, top, s)}" fill="${fill}" stroke="${p[2]}" stroke-width="3"/>`;
  } else {
    // Handbag.
    const bw = w * 0.36;
    const bh = bw * 0.72;
    const by = h * 0.5;
    body += `<path d="M${n(cx - bw * 0.25)} ${n(by)} A${n(bw * 0.25)} ${n(bw * 0.28)} 0 0 1 ${n(cx + bw * 0.25)} ${n(by)}" stroke="${p[2]}" stroke-width="10" fill="none"/>`;
    body += `<rect x="${n(cx - bw / 2)}" y="${n(by)}" width="${n(bw)}" height="${n(bh)}" rx="${n(bw * 0.08)}" fill="${p[1]}"/>`;
    body += `<rect x="${n(cx - bw / 2)}" y="${n(by)}" width="${n(bw)}" height="${n(bh * 0.35)}" rx="${n(bw * 0.08)}" fill="${p[2]}"/>`;
    body += `<rect x="${n(cx - bw * 0.06)}" y="${n(by + bh * 0.28)}" width="${n(bw * 0.12)}" height="${n(bh * 0.14)}" rx="3" fill="#d4af37"/>`;
  }
  return { defs, body };
}

// ---- Food: a table seen from above -----------------------------------------

const TABLES = [
  ['#d9b48f', '#c49a6c'],
  ['#f2e8dc', '#e6d5c3'],
  ['#3d3a36', '#2b2825'],
  ['#e9eef0', '#cfd8dc'],
  ['#b5d3c5', '#9cc3b2'],
];
const FOOD_COLOURS = ['#e63946', '#f4a261', '#e9c46a', '#2a9d8f', '#6a994e', '#bc4749', '#f2cc8f', '#8d5524', '#ffb703', '#d62828'];

function food(c: Canvas): { defs: string; body: string } {
  const { w, h, r } = c;
  const table = r.pick(TABLES);
  const check = c.id('check');
  let defs = `<pattern id="${check}" width="80" height="80" patternUnits="userSpaceOnUse"><rect width="40" height="40" fill="#c1121f" fill-opacity="0.5"/><rect x="40" y="40" width="40" height="40" fill="#c1121f" fill-opacity="0.5"/></pattern>`;
  const bg = linear(c, [table[0]!, table[1]!], 1, 1);
  defs += bg.defs;
  let body = `<rect width="${w}" height="${h}" fill="${bg.fill}"/>`;
  if (r.chance(0.3)) body += `<rect x="${n(-w * 0.1)}" y="${n(h * 0.7)}" width="${n(w * 0.7)}" height="${n(h * 0.5)}" fill="url(#${check})" transform="rotate(-12 ${n(w / 2)} ${n(h / 2)})"/>`;
  const cx = w * (0.45 + r.next() * 0.1);
  const cy = h * (0.45 + r.next() * 0.1);
  const plate = Math.min(w, h) * (0.32 + r.next() * 0.06);
  const shadow = radialGlow(c, '#000000', 0.25);
  defs += shadow.defs;
  body += `<circle cx="${n(cx + 10)}" cy="${n(cy + 14)}" r="${n(plate * 1.08)}" fill="${shadow.fill}"/>`;
  const bowl = r.chance(0.5);
  body += `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(plate)}" fill="${bowl ? r.pick(['#1d3557', '#f1faee', '#6d597a', '#264653']) : '#fbfbf8'}"/>`;
  body += `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(plate * 0.78)}" fill="${bowl ? r.pick(['#c1121f', '#f4e1c1', '#e76f51', '#fefae0']) : '#f1efe9'}"/>`;
  if (bowl) {
    // Noodles: loose curves across the broth.
    const noodle = r.pick(['#f6e3b4', '#fff3d1', '#e9d8a6']);
    for (let i = 0; i < 14; i++) {
      const y = cy - plate * 0.55 + r.next() * plate * 1.1;
      const span = plate * 0.7;
      body += `<path d="M${n(cx - span)} ${n(y)} C${n(cx - span / 3)} ${n(y - 30 + r.next() * 60)} ${n(cx + span / 3)} ${n(y - 30 + r.next() * 60)} ${n(cx + span)} ${n(y + r.next() * 20 - 10)}" stroke="${noodle}" stroke-width="6" fill="none" stroke-linecap="round" opacity="0.9"/>`;
    }
  }
  // Toppings on the plate or in the bowl.
  for (let i = 0; i < r.int(6, 14); i++) {
    const angle = r.next() * Math.PI * 2;
    const dist = r.next() * plate * 0.6;
    const x = cx + Math.cos(angle) * dist;
    const y = cy + Math.sin(angle) * dist;
    const size = plate * (0.06 + r.next() * 0.1);
    const colour = r.pick(FOOD_COLOURS);
    body +=
      r.chance(0.5)
        ? `<circle cx="${n(x)}" cy="${n(y)}" r="${n(size)}" fill="${colour}"/>`
        : `<ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(size * 1.4)}" ry="${n(size * 0.7)}" fill="${colour}" transform="rotate(${n(r.next() * 180)} ${n(x)} ${n(y)})"/>`;
  }
  // Chopsticks or a fork beside it.
  const sx = cx + plate * 1.15;
  if (sx < w - 20) {
    body += `<rect x="${n(sx)}" y="${n(cy - plate)}" width="10" height="${n(plate * 2)}" rx="5" fill="${r.pick(['#7f5539', '#222222', '#b08968'])}" transform="rotate(6 ${n(sx)} ${n(cy)})"/>`;
    body += `<rect x="${n(sx + 18)}" y="${n(cy - plate)}" width="10" height="${n(plate * 2)}" rx="5" fill="${r.pick(['#7f5539', '#222222', '#b08968'])}" transform="rotate(3 ${n(sx)} ${n(cy)})"/>`;
  }
  // A cup in a corner.
  const cupX = r.chance(0.5) ? w * 0.16 : w * 0.84;
  const cupY = r.chance(0.5) ? h * 0.13 : h * 0.87;
  const cup = Math.min(w, h) * 0.09;
  body += `<circle cx="${n(cupX)}" cy="${n(cupY)}" r="${n(cup)}" fill="#ffffff"/><circle cx="${n(cupX)}" cy="${n(cupY)}" r="${n(cup * 0.75)}" fill="${r.pick(['#6f4518', '#a3b18a', '#d4a373', '#bc6c25'])}"/>`;
  if (r.chance(0.5)) body += `<circle cx="${n(cupX)}" cy="${n(cupY)}" r="${n(cup * 0.3)}" fill="#fefae0" fill-opacity="0.7"/>`;
  return { defs, body };
}

// ---- Travel: a landscape at some hour ---------------------------------------

const SKIES = [
  ['#ffcad4', '#f4acb7', '#9d8189'],
  ['#8ecae6', '#bde0fe', '#fefae0'],
  ['#ffb703', '#fb8500', '#8338ec'],
  ['#0b132b', '#1c2541', '#3a506b'],
  ['#caf0f8', '#90e0ef', '#48cae4'],
];
const HILLS = [
  ['#52796f', '#354f52', '#2f3e46'],
  ['#9c6644', '#7f5539', '#582f0e'],
  ['#6d597a', '#355070', '#1d3557'],
  ['#588157', '#3a5a40', '#344e41'],
];

function ridge(r: Random, w: number, base: number, amplitude: number, h: number): string {
  let d = `M0 ${n(h)} L0 ${n(base)}`;
  const steps = r.int(4, 8);
  for (let i = 1; i <= steps; i++) {
    const x = (w * i) / steps;
    const peak = base - r.next() * amplitude;
    d += ` L${n(x - w / steps / 2)} ${n(peak)} L${n(x)} ${n(base - r.next() * amplitude * 0.4)}`;
  }
  return `${d} L${w} ${n(h)}Z`;
}

function travel(c: Canvas): { defs: string; body: string } {
  const { w, h, r } = c;
  const sky = r.pick(SKIES);
  const bg = linear(c, sky);
  const night = sky[0] === '#0b132b';
  const sunGlow = radialGlow(c, night ? '#e0e1dd' : '#fff3b0', 0.9);
  const defs = bg.defs + sunGlow.defs;
  let body = `<rect width="${w}" height="${h}" fill="${bg.fill}"/>`;
  if (night) {
    for (let i = 0; i < 40; i++) body += `<circle cx="${n(r.next() * w)}" cy="${n(r.next() * h * 0.5)}" r="${n(0.8 + r.next() * 1.8)}" fill="#ffffff" opacity="${n(0.4 + r.next() * 0.6)}"/>`;
  }
  const sx = w * (0.2 + r.next() * 0.6);
  const sy = h * (0.18 + r.next() * 0.2);
  const sr = Math.min(w, h) * (0.07 + r.next() * 0.05);
  body += `<circle cx="${n(sx)}" cy="${n(sy)}" r="${n(sr * 3)}" fill="${sunGlow.fill}"/><circle cx="${n(sx)}" cy="${n(sy)}" r="${n(sr)}" fill="${night ? '#f8f9fa' : '#fff8e1'}"/>`;
  if (!night) {
    for (let i = 0; i < r.int(1, 3); i++) {
      const x = r.next() * w;
      const y = h * (0.1 + r.next() * 0.25);
      const s = 30 + r.next() * 40;
      body += `<g fill="#ffffff" fill-opacity="0.85"><ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(s * 1.6)}" ry="${n(s * 0.6)}"/><ellipse cx="${n(x + s * 0.5)}" cy="${n(y - s * 0.35)}" rx="${n(s)}" ry="${n(s * 0.6)}"/></g>`;
    }
  }
  const hills = r.pick(HILLS);
  const layers = 3;
  for (let i = 0; i < layers; i++) {
    const base = h * (0.55 + i * 0.1);
    body += `<path d="${ridge(r, w, base, h * (0.22 - i * 0.05), h)}" fill="${hills[i]}" opacity="${n(0.75 + i * 0.12)}"/>`;
  }
  if (r.chance(0.45)) {
    // Water in front, with a few wave strokes.
    const top = h * 0.8;
    body += `<rect y="${n(top)}" width="${w}" height="${n(h - top)}" fill="${r.pick(['#0077b6', '#48cae4', '#1d3557', '#457b9d'])}"/>`;
    for (let i = 0; i < 6; i++) {
      const y = top + 15 + r.next() * (h - top - 20);
      const x = r.next() * w * 0.8;
      body += `<path d="M${n(x)} ${n(y)} q20 -10 40 0 t40 0" stroke="#ffffff" stroke-opacity="0.5" stroke-width="3" fill="none"/>`;
    }
  } else if (r.chance(0.5)) {
    // A small town skyline on the nearest ridge.
    let x = w * (0.1 + r.next() * 0.3);
    const base = h * 0.8;
    for (let i = 0; i < r.int(5, 9); i++) {
      const bw = 20 + r.next() * 40;
      const bh = 40 + r.next() * 120;
      body += `<rect x="${n(x)}" y="${n(base - bh)}" width="${n(bw)}" height="${n(bh + h * 0.2)}" fill="${hills[2]}"/>`;
      if (r.chance(0.3)) body += `<path d="M${n(x - 4)} ${n(base - bh)} L${n(x + bw / 2)} ${n(base - bh - 24)} L${n(x + bw + 4)} ${n(base - bh)}Z" fill="${hills[2]}"/>`;
      x += bw + 4;
    }
  }
  for (let i = 0; i < r.int(0, 4); i++) {
    const x = r.next() * w;
    const y = h * (0.2 + r.next() * 0.25);
    body += `<path d="M${n(x)} ${n(y)} q8 -8 16 0 q8 -8 16 0" stroke="${night ? '#e0e1dd' : '#333333'}" stroke-width="2.5" fill="none"/>`;
  }
  return { defs, body };
}

// ---- Tech: a device on a grid, circuit traces --------------------------------

const TECH_PALETTES = [
  { bg: ['#0f172a', '#1e293b'], line: '#38bdf8', accent: '#a78bfa', device: '#e2e8f0' },
  { bg: ['#111827', '#052e16'], line: '#4ade80', accent: '#facc15', device: '#f3f4f6' },
  { bg: ['#f8fafc', '#e2e8f0'], line: '#94a3b8', accent: '#f97316', device: '#1f2937' },
  { bg: ['#1a1a2e', '#16213e'], line: '#e94560', accent: '#0f3460', device: '#f1f1f1' },
  { bg: ['#ecfeff', '#cffafe'], line: '#0891b2', accent: '#db2777', device: '#0f172a' },
];

function tech(c: Canvas): { defs: string; body: string } {
  const { w, h, r } = c;
  const p = r.pick(TECH_PALETTES);
  const bg = linear(c, p.bg, 1, 1);
  const grid = c.id('grid');
  const glow = radialGlow(c, p.line, 0.45);
  const screen = linear(c, [p.accent, p.line], 1, 1);
  const defs =
    bg.defs +
    glow.defs +
    screen.defs +
    `<pattern id="${grid}" width="40" height="40" patternUnits="userSpaceOnUse"><path d="M40 0 L0 0 0 40" fill="none" stroke="${p.line}" stroke-opacity="0.18" stroke-width="1"/></pattern>`;
  let body = `<rect width="${w}" height="${h}" fill="${bg.fill}"/><rect width="${w}" height="${h}" fill="url(#${grid})"/>`;
  // Circuit traces: right-angled runs ending in pads.
  for (let i = 0; i < r.int(6, 12); i++) {
    let x = Math.round((r.next() * w) / 40) * 40;
    let y = Math.round((r.next() * h) / 40) * 40;
    let d = `M${x} ${y}`;
    for (let step = 0; step < r.int(2, 4); step++) {
      if (step % 2 === 0) x += (r.chance(0.5) ? 1 : -1) * 40 * r.int(1, 5);
      else y += (r.chance(0.5) ? 1 : -1) * 40 * r.int(1, 5);
      d += ` L${x} ${y}`;
    }
    body += `<path d="${d}" stroke="${p.line}" stroke-width="3" fill="none" stroke-opacity="0.7"/><circle cx="${x}" cy="${y}" r="6" fill="${p.line}"/>`;
  }
  const cx = w / 2 + (r.next() - 0.5) * w * 0.15;
  const cy = h / 2 + (r.next() - 0.5) * h * 0.1;
  body += `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(Math.min(w, h) * 0.45)}" fill="${glow.fill}"/>`;
  const device = r.int(0, 2);
  if (device === 0) {
    // Phone.
    const pw = Math.min(w, h) * 0.34;
    const ph = pw * 2;
    body += `<rect x="${n(cx - pw / 2)}" y="${n(cy - ph / 2)}" width="${n(pw)}" height="${n(ph)}" rx="${n(pw * 0.14)}" fill="${p.device}"/>`;
    body += `<rect x="${n(cx - pw / 2 + 8)}" y="${n(cy - ph / 2 + 8)}" width="${n(pw - 16)}" height="${n(ph - 16)}" rx="${n(pw * 0.11)}" fill="${screen.fill}"/>`;
    body += `<rect x="${n(cx - pw * 0.15)}" y="${n(cy - ph / 2 + 16)}" width="${n(pw * 0.3)}" height="10" rx="5" fill="#000000"/>`;
    for (let i = 0; i < 3; i++) body += `<rect x="${n(cx - pw * 0.32)}" y="${n(cy + i * pw * 0.22)}" width="${n(pw * (0.64 - i * 0.12))}" height="${n(pw * 0.1)}" rx="6" fill="#ffffff" fill-opacity="0.5"/>`;
  } else if (device === 1) {
    // Laptop.
    const lw = w * 0.62;
    const lh = lw * 0.6;
    body += `<rect x="${n(cx - lw / 2)}" y="${n(cy - lh / 2)}" width="${n(lw)}" height="${n(lh)}" rx="14" fill="${p.device}"/>`;
    body += `<rect x="${n(cx - lw / 2 + 12)}" y="${n(cy - lh / 2 + 12)}" width="${n(lw - 24)}" height="${n(lh - 24)}" rx="6" fill="${screen.fill}"/>`;
    body += `<path d="M${n(cx - lw * 0.6)} ${n(cy + lh / 2)} L${n(cx + lw * 0.6)} ${n(cy + lh / 2)} L${n(cx + lw * 0.55)} ${n(cy + lh / 2 + 26)} L${n(cx - lw * 0.55)} ${n(cy + lh / 2 + 26)}Z" fill="${p.device}"/>`;
  } else {
    // Headphones.
    const s = Math.min(w, h) * 0.3;
    body += `<path d="M${n(cx - s)} ${n(cy + s * 0.2)} A${n(s)} ${n(s)} 0 0 1 ${n(cx + s)} ${n(cy + s * 0.2)}" stroke="${p.device}" stroke-width="${n(s * 0.14)}" fill="none" stroke-linecap="round"/>`;
    for (const side of [-1, 1]) {
      body += `<rect x="${n(cx + side * s - s * 0.22)}" y="${n(cy + s * 0.05)}" width="${n(s * 0.44)}" height="${n(s * 0.7)}" rx="${n(s * 0.18)}" fill="${p.device}"/>`;
      body += `<rect x="${n(cx + side * s - s * 0.13)}" y="${n(cy + s * 0.15)}" width="${n(s * 0.26)}" height="${n(s * 0.5)}" rx="${n(s * 0.1)}" fill="${p.accent}"/>`;
    }
  }
  return { defs, body };
}

const PAINTERS: Record<Topic, (c: Canvas) => { defs: string; body: string }> = { beauty, fashion, food, travel, tech };

/** The SVG source of one picture for a note on `topic`. */
export function composeSvg(topic: Topic, r: Random): string {
  const shape = r.weighted(SHAPES, (s) => s.weight);
  let counter = 0;
  const canvas: Canvas = { w: shape.w, h: shape.h, r, id: (name) => `${name}${counter++}` };
  const { defs, body } = PAINTERS[topic](canvas);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${shape.w}" height="${shape.h}" viewBox="0 0 ${shape.w} ${shape.h}"><defs>${defs}</defs>${body}</svg>`;
}

/** A picture as a JPEG, the way a phone uploads one (and cheaper to encode and decode than a PNG). */
export function renderPicture(topic: Topic, r: Random): Promise<Buffer> {
  return sharp(Buffer.from(composeSvg(topic, r))).jpeg({ quality: 90 }).toBuffer();
}
