/**
 * Renders the hand-written SVG sources to PNG.
 *
 *   assets/screenshots/<name>.svg -> public/images/<lng>/<name>.png, once per language (+ public/images/manifest.json)
 *   assets/icons/color.svg        -> appPackage/color.png       (+ appPackage/icons.manifest.json)
 *   assets/icons/outline.svg      -> appPackage/outline.png
 *
 * A screenshot's words are in `<switch>` elements with one child per language (`systemLanguage="nl"`, `"en"`); resvg
 * draws the child of the language it renders. Screenshots are drawn with their longest side SCREENSHOT_LONGEST_SIDE_PX
 * wide, whatever their viewBox, so phones (2–3 device pixels per CSS pixel) show them sharp.
 *
 * Fails (exit code 1) when an output breaks a size limit, naming the file.
 * Run with `npm run images`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { languages, type Language } from '../src/i18n/language';

const ROOT = path.resolve(__dirname, '..');
const SCREENSHOT_SOURCE_DIR = 'assets/screenshots';
const SCREENSHOT_OUTPUT_DIR = 'public/images';
const ICON_SOURCE_DIR = 'assets/icons';
const ICON_OUTPUT_DIR = 'appPackage';

const MAX_SIDE_PX = 1024;
const MAX_BYTES = 200 * 1024;
const SCREENSHOT_LONGEST_SIDE_PX = 1000;

const RENDER_OPTIONS: ResvgRenderOptions = {
  fitTo: { mode: 'original' },
  font: {
    loadSystemFonts: false,
    fontDirs: ['/usr/share/fonts/truetype/dejavu'],
    defaultFontFamily: 'DejaVu Sans',
  },
  logLevel: 'warn',
};

/** One SVG source and the PNG it becomes; paths are relative to the repository root. */
interface RenderJob {
  readonly source: string;
  readonly output: string;
  readonly manifestKey: string;
  /** The language whose `<switch>` children are drawn (screenshots only). */
  readonly language?: Language;
  /** Exact size the output must have (icons only). */
  readonly exactSize?: { readonly width: number; readonly height: number };
  /** Every visible pixel must be white (Teams outline icon rule). */
  readonly whiteOnly?: boolean;
}

interface RenderResult {
  readonly job: RenderJob;
  readonly png: Buffer;
  readonly pixels: Buffer;
  readonly width: number;
  readonly height: number;
  readonly sourceSha256: string;
}

interface ManifestEntry {
  readonly source: string;
  readonly language?: Language;
  readonly sourceSha256: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

type Manifest = Record<string, ManifestEntry>;

function abs(relativePath: string): string {
  return path.join(ROOT, relativePath);
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function screenshotJobs(): RenderJob[] {
  const names = readdirSync(abs(SCREENSHOT_SOURCE_DIR))
    .filter((file) => file.endsWith('.svg'))
    .map((file) => path.basename(file, '.svg'))
    .sort();
  return languages.flatMap((language) =>
    names.map((name) => ({
      source: `${SCREENSHOT_SOURCE_DIR}/${name}.svg`,
      output: `${SCREENSHOT_OUTPUT_DIR}/${language}/${name}.png`,
      manifestKey: `${language}/${name}.png`,
      language,
    })),
  );
}

function iconJobs(): RenderJob[] {
  return [
    {
      source: `${ICON_SOURCE_DIR}/color.svg`,
      output: `${ICON_OUTPUT_DIR}/color.png`,
      manifestKey: `${ICON_OUTPUT_DIR}/color.png`,
      exactSize: { width: 192, height: 192 },
    },
    {
      source: `${ICON_SOURCE_DIR}/outline.svg`,
      output: `${ICON_OUTPUT_DIR}/outline.png`,
      manifestKey: `${ICON_OUTPUT_DIR}/outline.png`,
      exactSize: { width: 32, height: 32 },
      whiteOnly: true,
    },
  ];
}

/** Icons keep their own size; a screenshot is scaled so that its longest side is SCREENSHOT_LONGEST_SIDE_PX. */
function renderOptions(job: RenderJob, svg: Buffer): ResvgRenderOptions {
  if (job.language === undefined) return RENDER_OPTIONS;
  const { width, height } = new Resvg(svg, RENDER_OPTIONS);
  const fitTo = width >= height ? ({ mode: 'width', value: SCREENSHOT_LONGEST_SIDE_PX } as const) : ({ mode: 'height', value: SCREENSHOT_LONGEST_SIDE_PX } as const);
  return { ...RENDER_OPTIONS, fitTo, languages: [job.language] };
}

function render(job: RenderJob): RenderResult {
  const svg = readFileSync(abs(job.source));
  const image = new Resvg(svg, renderOptions(job, svg)).render();
  return {
    job,
    png: image.asPng(),
    pixels: image.pixels,
    width: image.width,
    height: image.height,
    sourceSha256: sha256Hex(svg),
  };
}

function sizeProblems(result: RenderResult): string[] {
  const { job, width, height, png } = result;
  const problems: string[] = [];
  if (width > MAX_SIDE_PX || height > MAX_SIDE_PX) {
    problems.push(`${job.output}: ${width}x${height} is larger than ${MAX_SIDE_PX}x${MAX_SIDE_PX}`);
  }
  if (png.length > MAX_BYTES) {
    problems.push(`${job.output}: ${png.length} bytes is over the limit of ${MAX_BYTES} bytes`);
  }
  const exact = job.exactSize;
  if (exact !== undefined && (width !== exact.width || height !== exact.height)) {
    problems.push(`${job.output}: must be exactly ${exact.width}x${exact.height}, is ${width}x${height}`);
  }
  return problems;
}

/** Counts pixels that are visible but not white; resvg pixels are RGBA, 4 bytes each. */
function countNonWhitePixels(pixels: Buffer): number {
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const alpha = pixels[i + 3] ?? 0;
    if (alpha === 0) continue;
    // Premultiplied edges: colour channels equal alpha for pure white.
    const minChannel = Math.min(pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0);
    if (minChannel < alpha - 1) count += 1;
  }
  return count;
}

function colourProblems(result: RenderResult): string[] {
  if (result.job.whiteOnly !== true) return [];
  const nonWhite = countNonWhitePixels(result.pixels);
  return nonWhite === 0
    ? []
    : [`${result.job.output}: must be white on transparent, found ${nonWhite} coloured pixels`];
}

function problemsOf(result: RenderResult): string[] {
  return [...sizeProblems(result), ...colourProblems(result)];
}

function manifestEntry(result: RenderResult): ManifestEntry {
  return {
    source: result.job.source,
    language: result.job.language,
    sourceSha256: result.sourceSha256,
    width: result.width,
    height: result.height,
    bytes: result.png.length,
  };
}

function buildManifest(results: readonly RenderResult[]): Manifest {
  const manifest: Manifest = {};
  for (const result of results) manifest[result.job.manifestKey] = manifestEntry(result);
  return manifest;
}

function writeFileEnsuringDir(relativePath: string, data: Buffer | string): void {
  mkdirSync(path.dirname(abs(relativePath)), { recursive: true });
  writeFileSync(abs(relativePath), data);
}

function writeOutputs(results: readonly RenderResult[], manifestPath: string): void {
  for (const result of results) writeFileEnsuringDir(result.job.output, result.png);
  const json = `${JSON.stringify(buildManifest(results), null, 2)}\n`;
  writeFileEnsuringDir(manifestPath, json);
}

function renderAll(jobs: readonly RenderJob[]): RenderResult[] {
  return jobs.map((job) => {
    try {
      return render(job);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${job.source}: could not render: ${reason}`, { cause: error });
    }
  });
}

function logSummary(results: readonly RenderResult[]): void {
  for (const { job, width, height, png } of results) {
    const kb = (png.length / 1024).toFixed(1);
    console.log(`${job.output.padEnd(48)} ${`${width}x${height}`.padStart(9)} ${kb.padStart(7)} KB`);
  }
}

function main(): void {
  const screenshots = renderAll(screenshotJobs());
  const icons = renderAll(iconJobs());
  const problems = [...screenshots, ...icons].flatMap(problemsOf);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`renderImages: ${problem}`);
    process.exitCode = 1;
    return;
  }
  writeOutputs(screenshots, `${SCREENSHOT_OUTPUT_DIR}/manifest.json`);
  writeOutputs(icons, `${ICON_OUTPUT_DIR}/icons.manifest.json`);
  logSummary([...screenshots, ...icons]);
}

try {
  main();
} catch (error) {
  console.error(`renderImages: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
