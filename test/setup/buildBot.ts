import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFile, type Options } from '@swc/core';

// As jest.config.js transforms the tests' own imports of src/.
const swcOptions: Options = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, swcrc: false };

/**
 * Compiles src/ into `outDir`/src/ (TypeScript to JavaScript with swc, the JSON files copied), as `npm run build`
 * does with tsc but in a fraction of a second and without a type check (the test script runs tsc first).
 * `outDir` must lie inside the repository: the compiled code finds package.json, public/ and node_modules by walking up.
 */
export async function buildBot(root: string, outDir: string): Promise<void> {
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' });
  await Promise.all(
    files.map(async (file) => {
      const source = path.join(root, 'src', file);
      const target = path.join(outDir, 'src', file);
      if (file.endsWith('.json')) {
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(source, target);
      } else if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
        const { code } = await transformFile(source, swcOptions);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target.replace(/\.ts$/, '.js'), code);
      }
    }),
  );
}
