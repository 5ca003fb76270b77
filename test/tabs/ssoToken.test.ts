import { createSsoVerifier, type SsoVerifier } from '../../src/tabs/ssoToken';
import { entra, FakeEntraKeys, teamsWebClientId } from '../helpers/fakeEntraKeys';

const oid = '0b5c6a8e-1d2f-4e3a-9b7c-0123456789ab';
let keys: FakeEntraKeys;
let verify: SsoVerifier;

beforeAll(async () => {
  keys = await new FakeEntraKeys().start();
  verify = createSsoVerifier({ appId: entra.appId, tenantId: entra.tenantId, resource: entra.resource, jwksUrl: keys.url, jwksTimeoutMs: 2000, clientIds: [teamsWebClientId] });
});
afterAll(() => keys.stop());

const bearer = (token: string) => `Bearer ${token}`;

describe('a Teams SSO token', () => {
  it.each(['1.0', '2.0'] as const)('of version %s, valid, names the user', async (version) => {
    expect(await verify(bearer(await keys.token(oid, { version })))).toEqual({ ok: true, user: { oid, name: 'Piet de Vries' } });
  });

  it.each([
    ['no header', undefined, 'missing'],
    ['an empty header', '  ', 'missing'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'malformed'],
    ['not a JWT', 'Bearer not-a-token', 'malformed'],
    ['a JWT of garbage', 'Bearer aaa.bbb.ccc', 'malformed'],
    ['a huge header', `Bearer ${'a'.repeat(20_000)}.b.c`, 'malformed'],
    ['an unsigned token', 'Bearer eyJhbGciOiJub25lIn0.eyJ2ZXIiOiIyLjAifQ.', 'signature'],
  ])('is refused for %s', async (_name, header, reason) => {
    expect(await verify(header)).toEqual({ ok: false, reason });
  });

  it.each([
    ['forged (another key)', { forged: true }, 'signature'],
    ['expired', { expiresIn: -3600 }, 'expired'],
    ['for another audience (v1)', { claims: { aud: 'api://evil.example/botid-x' } }, 'audience'],
    ['for another audience (v2)', { version: '2.0' as const, claims: { aud: '00000000-0000-0000-0000-000000000000' } }, 'audience'],
    ['v1 with the v2 audience', { claims: { aud: entra.appId } }, 'audience'],
    ['from another issuer (v1)', { claims: { iss: `https://sts.windows.net/${entra.otherTenantId}/` } }, 'issuer'],
    ['from another issuer (v2)', { version: '2.0' as const, claims: { iss: 'https://login.microsoftonline.com/common/v2.0' } }, 'issuer'],
    ['of another tenant', { claims: { tid: entra.otherTenantId } }, 'tenant'],
    ['issued to another app (v1: a consent-phishing app)', { claims: { appid: '11111111-2222-3333-4444-555555555555' } }, 'client'],
    ['issued to another app (v2)', { version: '2.0' as const, claims: { azp: '11111111-2222-3333-4444-555555555555' } }, 'client'],
    ['issued to no app', { claims: { appid: undefined } }, 'client'],
    ['without access_as_user', { claims: { scp: 'User.Read' } }, 'scope'],
    ['without a scope', { claims: { scp: undefined } }, 'scope'],
    ['with access_as_user only as part of a word', { claims: { scp: 'not_access_as_user' } }, 'scope'],
    ['without an object id', { claims: { oid: undefined } }, 'noUser'],
    ['not valid yet', { claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } }, 'notYetValid'],
  ])('is refused when %s', async (_name, options, reason) => {
    expect(await verify(bearer(await keys.token(oid, options)))).toEqual({ ok: false, reason });
  });

  it('is refused when the keys cannot be fetched', async () => {
    const unreachable = createSsoVerifier({ appId: entra.appId, tenantId: entra.tenantId, resource: entra.resource, jwksUrl: 'http://127.0.0.1:9/keys', jwksTimeoutMs: 500, clientIds: [teamsWebClientId] });
    expect(await unreachable(bearer(await keys.token(oid)))).toEqual({ ok: false, reason: 'keysUnavailable' });
  });

  it('is refused without a tenant configured', async () => {
    const unconfigured = createSsoVerifier({ appId: entra.appId, tenantId: '', resource: entra.resource, jwksUrl: keys.url, jwksTimeoutMs: 500, clientIds: [teamsWebClientId] });
    expect(await unconfigured(bearer(await keys.token(oid)))).toEqual({ ok: false, reason: 'notConfigured' });
  });

  it('fetches the keys once for many tokens', async () => {
    const before = keys.fetches;
    for (let i = 0; i < 5; i++) expect((await verify(bearer(await keys.token(oid)))).ok).toBe(true);
    expect(keys.fetches - before).toBeLessThanOrEqual(1);
  });
});
