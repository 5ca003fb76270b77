import { BotProcess, productionEnv, productionIdentityEnv } from '../helpers/botProcess';
import { loadConfig } from '../../src/config';

jest.setTimeout(60000);

// What src/organisation.json marks as examples, with the variable that confirms each (as loadConfig reads them).
const examples = loadConfig({}).organisation.examples;

describe('the start with example values (src/organisation.json "examples"), as `npm start` runs it', () => {
  it('in production stops with a message naming each unconfirmed value and its variable', async () => {
    const bot = new BotProcess(productionIdentityEnv);
    await expect(bot.start()).rejects.toThrow(/bot exited early/);
    expect(bot.log()).toMatch(/^Cannot start: /m);
    for (const { path, variable } of examples) expect(bot.log()).toContain(`${variable} (${path}, example `);
  });

  it('in production starts once every one is set', async () => {
    const bot = new BotProcess(productionEnv);
    await bot.start();
    try {
      await bot.waitForLog('bot listening');
      expect(bot.log()).not.toContain('example values');
    } finally {
      await bot.stop();
    }
  });

  it('in local mode starts and logs once which values are examples', async () => {
    const bot = new BotProcess();
    await bot.start();
    try {
      await bot.waitForLog('bot listening');
      const lines = bot.log().split('\n').filter((line) => line.includes('example values'));
      expect(lines).toHaveLength(1);
      const { examples: listed } = JSON.parse(lines[0]) as { examples: string };
      expect(listed.split(', ')).toEqual(examples.map(({ path, variable }) => `${path} (${variable})`));
    } finally {
      await bot.stop();
    }
  });
});
