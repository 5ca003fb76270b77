import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** The tab's Entra app and tenant in the tests (GUIDs, as TABS_SSO_APP_ID and TABS_SSO_TENANT_ID require). */
/** Teams' web client, one of the apps a tab's token may be issued to (src/config.ts tabClientIds). */
export const teamsWebClientId = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

export const entra = {
  appId: '11111111-2222-3333-4444-555555555555',
  tenantId: '72f988bf-0000-0000-0000-000000000001',
  otherTenantId: '99999999-0000-0000-0000-000000000009',
  resource: 'api://bot.example.test/botid-11111111-2222-3333-4444-555555555555',
};

export interface TokenOptions {
  version?: '1.0' | '2.0';
  /** Claims over the defaults (undefined removes one). */
  claims?: Partial<Record<string, unknown>>;
  /** Seconds from now. */
  expiresIn?: number;
  /** Signed with a key Entra never published. */
  forged?: boolean;
}

/**
 * Entra's published signing keys on 127.0.0.1 (GET /keys, a JWKS) and the tokens Teams would hand a tab, signed with
 * them: `token({ version: '2.0' })` for a valid one, or with a claim, the expiry or the key wrong.
 */
export class FakeEntraKeys {
  private server?: Server;
  private keys?: { privateKey: CryptoKey; publicJwk: JWK };
  private forger?: CryptoKey;
  url = '';
  /** GETs of the key set, to see the cache at work. */
  fetches = 0;

  async start(): Promise<this> {
    const [published, forger] = await Promise.all([generateKeyPair('RS256', { extractable: true }), generateKeyPair('RS256')]);
    this.keys = { privateKey: published.privateKey, publicJwk: { ...(await exportJWK(published.publicKey)), kid: 'entra-key-1', use: 'sig', alg: 'RS256' } };
    this.forger = forger.privateKey;
    this.server = createServer((req, res) => {
      if (req.url !== '/keys') {
        res.writeHead(404);
        res.end();
        return;
      }
      this.fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [this.keys!.publicJwk] }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/keys`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The environment keys of an app that trusts these keys. */
  env(): Record<string, string> {
    return { TABS_SSO_APP_ID: entra.appId, TABS_SSO_TENANT_ID: entra.tenantId, TABS_SSO_RESOURCE: entra.resource, TABS_SSO_JWKS_URL: this.url };
  }

  /** A Teams SSO token for `oid` (v1 by default, as Entra issues unless the app asks for v2). */
  async token(oid: string, options: TokenOptions = {}): Promise<string> {
    const version = options.version ?? '1.0';
    const defaults: JWTPayload = {
      aud: version === '2.0' ? entra.appId : entra.resource,
      iss: version === '2.0' ? `https://login.microsoftonline.com/${entra.tenantId}/v2.0` : `https://sts.windows.net/${entra.tenantId}/`,
      tid: entra.tenantId,
      scp: 'access_as_user',
      oid,
      name: 'Piet de Vries',
      ver: version,
      // Issued to Teams' web client (v1 names the client `appid`, v2 `azp`).
      [version === '2.0' ? 'azp' : 'appid']: teamsWebClientId,
    };
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = { ...defaults, iat: now - 60, nbf: now - 60, exp: now + (options.expiresIn ?? 3600), ...options.claims };
    for (const [key, value] of Object.entries(payload)) if (value === undefined) delete payload[key];
    return new SignJWT(payload as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'entra-key-1' })
      .sign(options.forged ? this.forger! : this.keys!.privateKey);
  }
}
