import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { botBuildVariable } from '../helpers/botProcess';

/**
 * Start-up is mostly loading modules (docs/speed.md). Modules only a part the bot does not use would load stay out:
 * botbuilder-dialogs' index loads its prompts and, for them, @microsoft/recognizers-text-suite, a quarter of the start-up
 * (src/dialogs/dialogLibrary.ts imports each class from its own file instead); the Graph SDK, about 80 ms, is loaded only
 * when Graph is configured and first asked.
 */
const unwanted = [
  /node_modules\/botbuilder-dialogs\/lib\/index\.js$/,
  /node_modules\/botbuilder-dialogs\/lib\/prompts\//,
  /node_modules\/@microsoft\/recognizers-text-suite\//,
  // Loaded at Graph's first question (src/graph/createDirectory.ts), not by a bot that may run without Graph.
  /node_modules\/@microsoft\/microsoft-graph-client\//,
];

/** The files loaded once the compiled app's whole import graph is (as index.js loads it, without starting it). */
function modulesLoadedByApp(): string[] {
  const build = process.env[botBuildVariable];
  if (!build) throw new Error(`${botBuildVariable} is not set: test/setup/globalSetup.ts compiles the bot`);
  const script = `require(${JSON.stringify(path.join(build, 'src', 'app.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: path.join(__dirname, '../..') })) as string[];
}

describe('what start-up loads', () => {
  const loaded = modulesLoadedByApp().map((file) => file.split(path.sep).join('/'));

  it('loads the dialogs the bot uses', () => {
    expect(loaded.some((file) => file.endsWith('node_modules/botbuilder-dialogs/lib/componentDialog.js'))).toBe(true);
  });

  it.each(unwanted.map((pattern) => [pattern.source, pattern]))('does not load %s', (_name, pattern) => {
    expect(loaded.filter((file) => pattern.test(file))).toEqual([]);
  });
});
