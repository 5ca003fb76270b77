// The static checks of `npm test`, side by side: the type check runs on one core while lint and dead-code detection run
// on the other. Each command's output is printed whole, after it ends; the exit code is non-zero when any of them failed.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import process from 'node:process';

const checks = [
  ['types', 'npx tsc -p tsconfig.json --noEmit && npx tsc -p web/tsconfig.json --noEmit'],
  ['lint and dead code', 'npm run --silent lint && npm run --silent dead-code'],
];

const run = ([name, command]) =>
  new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(output));
      if (code !== 0) process.stderr.write(`${name} failed (${command})\n`);
      resolve(code === 0);
    });
  });

const results = await Promise.all(checks.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
