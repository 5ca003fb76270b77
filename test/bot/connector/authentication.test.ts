import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationConstants } from 'botframework-connector';
import { ClientSecretCredentialsFactory } from '../../../src/bot/connector/botCredentials';
import { SigningKeySet, defaultSigningKeyTiming } from '../../../src/bot/connector/signingKeys';
import { silentLogger } from '../../../src/core/logger';

describe('the signing keys of one metadata URL', () => {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  let server: http.Server;
  let base = '';
  let failing = false;
  let fetches = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      // Not res.writeHead(...).end(...): restify, loaded in the same jest worker by other suites, makes writeHead return nothing.
      const answer = (status: number, body?: object) => {
        res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
        res.end(body ? JSON.stringify(body) : undefined);
      };
      if (req.url === '/metadata') {
        fetches++;
        if (failing) return answer(503);
        return answer(200, { jwks_uri: `${base}/keys` });
      }
      answer(200, { keys: [{ ...jwk, kid: 'k1', endorsements: ['msteams'] }, { kty: 'EC', kid: 'ec' }] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    failing = false;
    fetches = 0;
  });

  const hour = 60 * 60 * 1000;

  it('fetches once for many look-ups, an unknown key id at most once an hour, and all again after a day', async () => {
    let clock = 0;
    const keys = new SigningKeySet(`${base}/metadata`, silentLogger, defaultSigningKeyTiming, () => clock);
    const found = await Promise.all([keys.getKey('k1'), keys.getKey('k1'), keys.getKey('unknown')]);
    expect(found[0]).toMatchObject({ key: expect.stringContaining('BEGIN PUBLIC KEY'), endorsements: ['msteams'] });
    expect(found[2]).toBeNull();
    expect(await keys.getKey('ec')).toBeNull();
    expect(fetches).toBe(1);
    clock += hour / 2;
    await keys.getKey('unknown');
    expect(fetches).toBe(1);
    clock += hour;
    await keys.getKey('unknown');
    expect(fetches).toBe(2);
    await keys.getKey('k1');
    clock += 25 * hour;
    await keys.getKey('k1');
    expect(fetches).toBe(3);
  });

  it('does not fetch again for 30 s after a failure, and keeps the keys it had while the metadata is down', async () => {
    let clock = 0;
    const keys = new SigningKeySet(`${base}/metadata`, silentLogger, defaultSigningKeyTiming, () => clock);
    failing = true;
    expect(await keys.getKey('k1')).toBeNull();
    expect(await keys.getKey('k1')).toBeNull();
    expect(fetches).toBe(1);
    clock += 31 * 1000;
    failing = false;
    expect(await keys.getKey('k1')).not.toBeNull();
    expect(fetches).toBe(2);
    failing = true;
    clock += 25 * hour;
    expect(await keys.getKey('k1')).not.toBeNull();
    expect(fetches).toBe(3);
  });
});

describe('the bot\'s own token', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['a multi-tenant app from botframework.com', '', AuthenticationConstants.ToChannelFromBotLoginUrl, 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token'],
    ['a single-tenant app from its own tenant', 'tenant-1', AuthenticationConstants.ToChannelFromBotLoginUrl, 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token'],
    ['a configured login URL as given', '', 'http://127.0.0.1:4000/botframework.com/', 'http://127.0.0.1:4000/botframework.com/oauth2/v2.0/token'],
  ])('comes for %s by client credentials', async (_name, tenantId, loginUrl, tokenUrl) => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({ access_token: `token-${tenantId}`, expires_in: 3600 }), { status: 200 }));
    const factory = new ClientSecretCredentialsFactory('app-1', 'secret-1', tenantId);
    const credentials = await factory.createCredentials('app-1', 'https://api.botframework.com', loginUrl);
    expect(await (credentials as unknown as { getToken(force: boolean): Promise<string> }).getToken(true)).toBe(`token-${tenantId}`);
    const [url, init] = fetchSpy.mock.calls[0];
    expect(url).toBe(tokenUrl);
    expect(Object.fromEntries(init!.body as URLSearchParams)).toEqual({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: 'secret-1', scope: 'https://api.botframework.com/.default' });
    expect(init!.signal).toBeInstanceOf(AbortSignal);
    expect(JSON.stringify(factory)).not.toContain('secret-1');
    expect(JSON.stringify(credentials)).not.toContain('secret-1');
  });

  it('refuses another app id, and fails without leaking the secret when the endpoint refuses', async () => {
    const factory = new ClientSecretCredentialsFactory('app-1', 'secret-1', '');
    await expect(factory.createCredentials('app-2', undefined, AuthenticationConstants.ToChannelFromBotLoginUrl)).rejects.toThrow();
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{"error":"invalid_client"}', { status: 401 }));
    const credentials = await factory.createCredentials('app-1', undefined, AuthenticationConstants.ToChannelFromBotLoginUrl);
    const failure = (credentials as unknown as { getToken(force: boolean): Promise<string> }).getToken(true);
    await expect(failure).rejects.toMatchObject({ name: 'TokenRequestError', status: 401 });
    await expect(failure).rejects.not.toThrow(/secret-1/);
  });
});
