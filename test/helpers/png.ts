import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export interface PngInfo {
  width: number;
  height: number;
  bytes: number;
  /** True when at least one pixel is fully transparent. */
  hasTransparency: boolean;
}

export function readPng(file: string): PngInfo {
  const buffer = readFileSync(file);
  const png = PNG.sync.read(buffer);
  let hasTransparency = false;
  for (let i = 3; i < png.data.length; i += 4) {
    if (png.data[i] === 0) {
      hasTransparency = true;
      break;
    }
  }
  return { width: png.width, height: png.height, bytes: buffer.length, hasTransparency };
}
