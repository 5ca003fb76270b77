import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/core/errors';
import { createLogger } from '../../src/core/logger';
import { createDirectory } from '../../src/graph/createDirectory';
import { graphOff } from '../../src/graph/directory';
import { MemoryStore } from '../../src/storage/botStorage';
import { confirmedExamplesEnv } from '../helpers/botProcess';

const production = { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: 'tenant-id', SERVICEDESK_TEAM_ID: '19:team', ...confirmedExamplesEnv };
const fake = { GRAPH_BASE_URL: 'http://127.0.0.1:4100/v1.0', GRAPH_CREDENTIAL: 'local-fake-token' };

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted it');
}

describe('the graph section of the configuration', () => {
  it('is off without a credential, saying what is missing', () => {
    expect(loadConfig({}).graph).toEqual({ enabled: false, missing: expect.stringContaining('no credential') });
    expect(loadConfig(production).graph).toEqual({ enabled: false, missing: expect.stringContaining('no credential') });
    expect(loadConfig({ GRAPH_CLIENT_SECRET: 's' }).graph).toEqual({ enabled: false, missing: expect.stringContaining('GRAPH_TENANT_ID') });
    expect(loadConfig({ GRAPH_CLIENT_SECRET: 's', GRAPH_TENANT_ID: 't' }).graph).toEqual({ enabled: false, missing: expect.stringContaining('GRAPH_CLIENT_ID') });
  });

  it('sends a real token only to a Microsoft Graph host over https, and never repeats a credential key\'s value', () => {
    const secret = { GRAPH_CLIENT_SECRET: 's', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c' };
    expect(refusal({ ...secret, GRAPH_BASE_URL: 'https://graph.micrsoft.com/v1.0' }).key).toBe('GRAPH_BASE_URL');
    expect(refusal({ ...secret, GRAPH_BASE_URL: 'http://127.0.0.1:4100/v1.0' }).key).toBe('GRAPH_BASE_URL');
    expect(refusal({ ...secret, GRAPH_BASE_URL: 'https://user:pw@graph.microsoft.com/v1.0' }).key).toBe('GRAPH_BASE_URL');
    expect(loadConfig({ ...secret, GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0' }).graph).toMatchObject({ enabled: true });
    expect(refusal({ GRAPH_CREDENTIAL: 'my-real-client-secret' }).message).not.toContain('my-real-client-secret');
  });

  it('uses the host\'s system-assigned managed identity without tenant or client id, or the user-assigned one named', () => {
    expect(loadConfig({ GRAPH_MANAGED_IDENTITY: 'true' }).graph).toMatchObject({ enabled: true, credential: { kind: 'managedIdentity', clientId: undefined } });
    expect(loadConfig({ GRAPH_MANAGED_IDENTITY: 'true', GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'mi-client' }).graph).toMatchObject({ enabled: true, credential: { kind: 'managedIdentity', clientId: 'mi-client' } });
  });

  it('keeps a call made in a turn to at most 5 s', () => {
    expect(refusal({ ...fake, GRAPH_TIMEOUT_MS: '10000' }).key).toBe('GRAPH_TIMEOUT_MS');
  });

  it('takes tenant and client id from the bot\'s registration unless set, and one credential', () => {
    expect(loadConfig({ ...production, GRAPH_CLIENT_SECRET: 'graph-secret' }).graph).toEqual({
      enabled: true,
      tenantId: 'tenant-id',
      clientId: 'app-id',
      credential: { kind: 'clientSecret', secret: 'graph-secret' },
      baseUrl: 'https://graph.microsoft.com/v1.0',
      timeoutMs: 3000,
    });
    expect(loadConfig({ ...production, GRAPH_TENANT_ID: 'other-tenant', GRAPH_CLIENT_ID: 'graph-app', GRAPH_CERTIFICATE_PATH: '/run/secrets/graph.pem', GRAPH_TIMEOUT_MS: '2500' }).graph).toMatchObject({
      tenantId: 'other-tenant',
      clientId: 'graph-app',
      credential: { kind: 'certificate', path: '/run/secrets/graph.pem' },
      timeoutMs: 2500,
    });
    expect(loadConfig({ ...production, GRAPH_MANAGED_IDENTITY: 'TRUE' }).graph).toMatchObject({ enabled: true, credential: { kind: 'managedIdentity' } });
  });

  it('takes the local fake token for a Graph on this machine, in local mode', () => {
    expect(loadConfig(fake).graph).toMatchObject({ enabled: true, credential: { kind: 'localFakeToken' }, baseUrl: 'http://127.0.0.1:4100/v1.0' });
    expect(loadConfig({ ...fake, GRAPH_BASE_URL: 'http://localhost:4100/beta/' }).graph).toMatchObject({ baseUrl: 'http://localhost:4100/beta' });
  });

  it.each([
    ['the fake token for a Graph not on this machine', { ...fake, GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' }, 'GRAPH_CREDENTIAL'],
    ['the fake token in production', { ...production, ...fake }, 'GRAPH_CREDENTIAL'],
    ['another GRAPH_CREDENTIAL', { GRAPH_CREDENTIAL: 'password' }, 'GRAPH_CREDENTIAL'],
    ['two credentials', { ...production, GRAPH_CLIENT_SECRET: 's', GRAPH_MANAGED_IDENTITY: 'true' }, 'GRAPH_CLIENT_SECRET, GRAPH_MANAGED_IDENTITY'],
    ['a credential beside the fake token', { ...fake, GRAPH_CLIENT_SECRET: 's' }, 'GRAPH_CLIENT_SECRET, GRAPH_CREDENTIAL'],
    ['plain http to another machine', { GRAPH_BASE_URL: 'http://graph.example.com/v1.0' }, 'GRAPH_BASE_URL'],
    ['a base URL without the version', { GRAPH_BASE_URL: 'https://graph.microsoft.com/' }, 'GRAPH_BASE_URL'],
    ['a base URL that is no URL', { GRAPH_BASE_URL: 'graph.microsoft.com' }, 'GRAPH_BASE_URL'],
    ['GRAPH_MANAGED_IDENTITY that is not true or false', { GRAPH_MANAGED_IDENTITY: 'yes' }, 'GRAPH_MANAGED_IDENTITY'],
    ['a timeout beyond a turn', { GRAPH_TIMEOUT_MS: '60000' }, 'GRAPH_TIMEOUT_MS'],
  ])('refuses %s, naming the key', (_name, env, key) => {
    expect(refusal(env).key).toBe(key);
  });
});

describe('createDirectory', () => {
  it('Graph off: graphOff, and one info line saying so', () => {
    const lines: string[] = [];
    const directory = createDirectory(loadConfig({}).graph, new MemoryStore(), createLogger('debug', (line) => lines.push(line)));
    expect(directory).toBe(graphOff);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', message: expect.stringMatching(/^Microsoft Graph off: /) });
  });

  it.each([
    ['a client secret', { GRAPH_CLIENT_SECRET: 'graph-secret' }],
    ['a certificate', { GRAPH_CERTIFICATE_PATH: '/run/secrets/graph.pem' }],
    ['a managed identity', { GRAPH_MANAGED_IDENTITY: 'true' }],
  ])('builds Graph\'s directory with %s (no token is asked for until a call), and logs no secret', (_name, env) => {
    const lines: string[] = [];
    const directory = createDirectory(loadConfig({ ...production, ...env }).graph, new MemoryStore(), createLogger('debug', (line) => lines.push(line)));
    expect(directory.enabled).toBe(true);
    expect(lines.join('\n')).not.toContain('graph-secret');
    expect(JSON.parse(lines[0])).toMatchObject({ message: 'Microsoft Graph on' });
  });
});
