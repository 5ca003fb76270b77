import { startTestApp } from '../helpers/appHarness';
import { FakeGraph } from '../helpers/fakeGraph';

const messages = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the app and Microsoft Graph', () => {
  it('without Graph configured: one info line at start-up, and the store\'s Graph records still have a retention', async () => {
    const app = await startTestApp();
    await app.bot.waitForLog('retention: purged expired records');
    const logged = messages(app.bot.lines);
    expect(logged.filter((line) => String(line.message).startsWith('Microsoft Graph'))).toEqual([expect.objectContaining({ level: 'info', message: expect.stringMatching(/^Microsoft Graph off: /) })]);
    expect(logged.find((line) => line.message === 'retention: purged expired records')).toHaveProperty('graph', 0);
  });

  it('with a fake Graph configured: the app builds Graph\'s directory from the configuration', async () => {
    const graph = await new FakeGraph().start();
    try {
      const app = await startTestApp({ env: { GRAPH_BASE_URL: graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token' } });
      expect(messages(app.bot.lines)).toContainEqual(expect.objectContaining({ level: 'info', message: 'Microsoft Graph on', credential: 'localFakeToken' }));
      expect(app.bot.lines.join('\n')).not.toContain('Microsoft Graph off');
    } finally {
      await graph.stop();
    }
  });
});
