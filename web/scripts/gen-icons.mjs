// Draws the app icons (two linked rings on teal) as PNGs with no image library.
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const out = resolve(dirname(fileURLToPath(import.meta.url)), "../public");
const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];
const MINT = [156, 222, 214];

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Colour at a point of the 64×64 design, or null outside the shape. */
function shade(x, y, { maskable }) {
  const inRounded = () => {
    const r = 14;
    const cx = Math.min(Math.max(x, r), 64 - r);
    const cy = Math.min(Math.max(y, r), 64 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  if (!maskable && !inRounded()) return null;
  // Maskable icons keep the art inside the central 80% safe zone.
  const s = maskable ? 0.72 : 1;
  const px = (x - 32) / s + 32;
  const py = (y - 32) / s + 32;
  const ring = (cx) => Math.abs(Math.hypot(px - cx, py - 32) - 12) <= 3;
  if (ring(39)) return MINT;
  if (ring(25)) return WHITE;
  return TEAL;
}

function draw(size, options = {}) {
  const rgba = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade(
            ((x + (sx + 0.5) / ss) / size) * 64,
            ((y + (sy + 0.5) / ss) / size) * 64,
            options,
          );
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const i = (y * size + x) * 4;
      if (a) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (ss * ss)) * 255);
    }
  }
  return png(size, rgba);
}

const files = {
  "icon-192.png": draw(192),
  "icon-512.png": draw(512),
  "icon-maskable-512.png": draw(512, { maskable: true }),
  "apple-touch-icon.png": draw(180, { maskable: true }),
  "favicon-32.png": draw(32),
};
for (const [name, data] of Object.entries(files)) writeFileSync(join(out, name), data);

writeFileSync(
  join(out, "favicon.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>Sampark</title><rect width="64" height="64" rx="14" fill="#0f766e"/><circle cx="25" cy="32" r="12" fill="none" stroke="#fff" stroke-width="6"/><circle cx="39" cy="32" r="12" fill="none" stroke="#9cded6" stroke-width="6"/></svg>\n`,
);
console.log(`Wrote icons to ${out}`);
