const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

// The suites that take longest (they start bots in processes of their own), longest first. Started first, they end
// long before the run does, and the short files fill up both workers to the end; in jest's own order (by the last run's
// times when jest has them, else by file size, which puts these in the middle) the run can end on one of them alone.
const longest = [
  'test/http/chaos.test.ts',
  'test/http/auth.test.ts',
  'test/http/storage.test.ts',
  'test/http/twoInstances.test.ts',
  'test/http/server.test.ts',
  'test/http/handoff.test.ts',
  'test/http/fuzz.test.ts',
  'test/bot/connector/authentication.test.ts',
  'test/http/door.test.ts',
  'test/http/outbound.test.ts',
  'test/dialogs/setupFlow.test.ts',
  'test/cards/phoneWidth.test.ts',
  'test/http/consentKill.test.ts',
];

const rank = (test) => {
  const file = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
  const index = longest.indexOf(file);
  return index === -1 ? longest.length : index;
};

/** Jest's sequencer (its cache, failed files first, sharding) with the longest suites moved to the front. */
class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirstSequencer;
