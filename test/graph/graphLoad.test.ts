import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/core/logger';
import { MemoryStore } from '../../src/storage/botStorage';
import { FakeGraph } from '../helpers/fakeGraph';

/** The Graph SDK is loaded at the first question: a load that fails answers "failed" and is tried again at the next. */
describe('loading the Graph layer', () => {
  let graph: FakeGraph;
  beforeEach(async () => (graph = await new FakeGraph().start()));
  afterEach(() => graph.stop());

  it('answers failed while the load fails, and works once it loads', async () => {
    const userId = '8f2b0c2e-0000-0000-0000-000000000002';
    graph.addUser({ id: userId, givenName: 'Jan' });
    let broken = true;
    jest.doMock('../../src/graph/graphAuth', () => {
      if (broken) throw new Error('cannot load');
      return jest.requireActual('../../src/graph/graphAuth');
    });
    const lines: string[] = [];
    const { createGraph } = jest.requireActual<typeof import('../../src/graph/createDirectory')>('../../src/graph/createDirectory');
    const config = loadConfig({ GRAPH_BASE_URL: graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token' }).graph;
    const { directory } = createGraph(config, new MemoryStore(), createLogger('info', (line) => lines.push(line)));
    expect(await directory.user(userId)).toEqual({ kind: 'unavailable', reason: 'failed' });
    expect(lines.some((line) => line.includes('Microsoft Graph could not be loaded'))).toBe(true);
    jest.resetModules();
    broken = false;
    expect(await directory.user(userId)).toMatchObject({ kind: 'found', user: { givenName: 'Jan' } });
  });
});
