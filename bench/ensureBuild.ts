import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');

/**
 * Builds dist/ when it is missing or older than a file of src/ (the saved matcher model marks a finished build), so a
 * benchmark measures the bot as `npm start` runs it. Used by bench/speed.ts and bench/rollout.ts.
 */
export function ensureBuild(progress: (line: string) => void): void {
  const built = path.join(root, 'dist/src/knowledge/matcherModel.bin');
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newest(path.join(dir, entry.name)) : statSync(path.join(dir, entry.name)).mtimeMs)));
  if (existsSync(built) && statSync(built).mtimeMs >= newest(path.join(root, 'src'))) return;
  progress('dist/ is missing or stale: npm run build');
  execSync('npm run build', { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
}
