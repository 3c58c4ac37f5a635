import type { Image } from './png';

/**
 * The app's icons, drawn from one shape: a footbridge ("passerelle"), an arch over a deck with
 * three hangers, above a wave. Sizes and colours are Teams' rules: color 192×192, full colour and
 * opaque; outline 32×32, white on transparent.
 */
export const QUEBEC_BLUE = '#095797';
export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** Whether a point of the unit square (y downwards) is on the bridge. */
export function onBridge(x: number, y: number): boolean {
  const archFoot = 0.62;
  const outer = inEllipse(x, y, 0.5, archFoot, 0.38, 0.4);
  const inner = inEllipse(x, y, 0.5, archFoot, 0.28, 0.29);
  const arch = y <= archFoot && outer && !inner;
  const deck = x >= 0.06 && x <= 0.94 && y >= 0.58 && y <= 0.68;
  const hanger = inner && y < 0.58 && [0.36, 0.5, 0.64].some((c) => Math.abs(x - c) <= 0.025);
  const waveTop = 0.8 + 0.025 * Math.sin((x - 0.06) * 4 * Math.PI);
  const wave = x >= 0.12 && x <= 0.88 && y >= waveTop && y <= waveTop + 0.065;
  return arch || deck || hanger || wave;
}

/** Share of the pixel covered by the shape, from 4×4 samples: smooth edges at 32 px too. */
function coverage(px: number, py: number, size: number, inset: number): number {
  const n = 4;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const u = (px + (i + 0.5) / n) / size;
      const v = (py + (j + 0.5) / n) / size;
      if (onBridge((u - inset) / (1 - 2 * inset), (v - inset) / (1 - 2 * inset))) hits++;
    }
  }
  return hits / (n * n);
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** Blue bridge on white, with a margin so that Teams' rounded mask never cuts it. */
export function colorIcon(size = COLOR_SIZE, color = QUEBEC_BLUE): Image {
  const fg = rgb(color);
  const pixels = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, 0.14);
      for (let c = 0; c < 3; c++) pixels[(y * size + x) * 3 + c] = Math.round(255 + (fg[c]! - 255) * a);
    }
  }
  return { width: size, height: size, channels: 3, pixels };
}

/** White bridge, transparent elsewhere: every pixel is white, only its alpha varies. */
export function outlineIcon(size = OUTLINE_SIZE): Image {
  const pixels = new Uint8Array(size * size * 4).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels[(y * size + x) * 4 + 3] = Math.round(255 * coverage(x, y, size, 0));
  }
  return { width: size, height: size, channels: 4, pixels };
}
