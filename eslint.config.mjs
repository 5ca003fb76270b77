// @ts-check
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The layers of the code, top to bottom (README, "Map of the code"). A room may import only rooms of LOWER
 * layers, and itself; a room of the same layer only where `sideways` says so.
 */
const layers = [
  /* L7 */ { app: ['src/index.ts', 'src/app.ts', 'src/conversation.ts'] },
  /* L6 (above the bot: a tab's API asks Teams through it) */ { tabs: ['src/tabs/**'] },
  /* L6 */ { bot: ['src/bot/**'] },
  /* L5 */ { dialogs: ['src/dialogs/**'] },
  /* L4 */ { handoff: ['src/handoff/**'], commands: ['src/commands/**'] },
  /* L3 */ { cards: ['src/cards/**'] },
  /* L2 */ { tickets: ['src/tickets/**'], state: ['src/state/**'], rollout: ['src/rollout/**'] },
  /* L1 */ { storage: ['src/storage/**'], events: ['src/events/**'], knowledge: ['src/knowledge/**'], guide: ['src/guide/**'], graph: ['src/graph/**'] },
  /* L0 */ { config: ['src/config.ts', 'src/organisation.json'], i18n: ['src/i18n/**'], privacy: ['src/privacy/**'] },
  /* L0 */ { core: ['src/core/**'], locales: ['src/locales/**'] },
];
/**
 * Same-layer arrows that are allowed: what the bot remembers names tickets; the knowledge base names the guide's parts;
 * the event log is kept in storage, and so are Graph's cached answers; the configuration names the languages; a rollout
 * writes to users' chats (tickets' chat reference) and cleans their names as the remembered user is (state).
 */
const sideways = { state: ['tickets'], rollout: ['tickets', 'state'], knowledge: ['guide'], events: ['storage'], graph: ['storage'], config: ['i18n'] };

const rooms = layers.flatMap((layer, depth) => Object.entries(layer).map(([type, patterns]) => ({ type, patterns, depth })));
const below = (depth) => rooms.filter((room) => room.depth > depth).map((room) => room.type);
const layerPolicies = rooms.map(({ type, depth }) => ({
  from: { element: { type } },
  allow: { to: { element: { types: { anyOf: [type, ...below(depth), ...(sideways[type] ?? [])] } } } },
}));

/** The Bot Framework SDK stays at the edge: the adapter, the dialogs, the state and storage types, composition. */
const botFrameworkAllowed = ['src/bot/**', 'src/dialogs/**', 'src/state/**', 'src/storage/**', 'src/app.ts', 'src/index.ts'];
const botFrameworkModules = ['botbuilder', 'botbuilder-*', 'botbuilder/*', 'botframework-*'];

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'data/**', 'build/**', 'node_modules/**', 'public/**', 'appPackage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests feed the code deliberately ill-typed input (hostile activities, broken stores).
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.json', '.js'] } },
      'boundaries/elements': [
        ...rooms.flatMap(({ type, patterns }) => patterns.map((pattern) => ({ type, pattern, mode: 'full' }))),
        // Outside src: named so that src importing them is reported (no policy allows it).
        ...['test/**', 'bench/**', 'scripts/**'].map((pattern) => ({ type: 'tooling', pattern, mode: 'full' })),
      ],
      'boundaries/legacy-warnings': false,
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies }],
      // Every file of src belongs to a room of the map above.
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: botFrameworkAllowed,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: botFrameworkModules,
              message: 'botbuilder / botframework-* only in src/bot, src/dialogs, src/state, src/storage, src/app.ts and src/index.ts: define a small own type here.',
            },
          ],
        },
      ],
    },
  },
);
