/**
 * Bundles the Teams tabs (web/guide, web/dashboard, and web/config: the team tab's configuration page) with esbuild into `<outDir>/assets/<name>-<hash>.js` and writes
 * `<outDir>/entries.json` (name → file), which the bot's server reads to write each tab's page. Run by `npm run
 * build` (so by `npm start`) and `npm run package`; the tests build into a folder of their own (test/setup).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.join(__dirname, '..');
export const tabEntries = { guide: 'web/guide/main.tsx', dashboard: 'web/dashboard/main.tsx', config: 'web/config/main.tsx' } as const;

export async function buildTabs(outDir: string): Promise<Record<string, string>> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(tabEntries).map(([name, file]) => [name, path.join(root, file)])),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    outdir: path.join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const entries: Record<string, string> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const name = Object.entries(tabEntries).find(([, entry]) => output.entryPoint && path.resolve(root, output.entryPoint) === path.join(root, entry))?.[0];
    if (name) entries[name] = path.basename(file);
  }
  writeFileSync(path.join(outDir, 'entries.json'), `${JSON.stringify(entries, null, 2)}\n`);
  return entries;
}

if (require.main === module) {
  const outDir = path.join(root, 'dist', 'web');
  buildTabs(outDir).then(
    (entries) => process.stdout.write(`tabs built into ${path.relative(root, outDir)}: ${Object.values(entries).join(', ')}\n`),
    (error: Error) => {
      process.stderr.write(`tabs build failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
