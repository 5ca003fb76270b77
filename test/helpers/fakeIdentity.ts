import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a metadata path answers: as Bot Framework does, or broken in one of the ways a network breaks. */
export type MetadataBehaviour = 'ok' | 'error500' | 'garbage' | 'hang';

export interface SignOptions {
  /** Another key than the published one (a self-signed token). */
  key?: KeyObject;
  kid?: string;
  /** `none` leaves the signature empty. */
  alg?: 'RS256' | 'none';
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * A stand-in for Bot Framework's identity side on 127.0.0.1: the OpenID metadata and key set that sign
 * tokens to the bot (GET /<behaviour>/metadata, GET /keys), and the bot's own token endpoint
 * (POST /<tenant>/oauth2/v2.0/token). Tokens are signed here with an RSA key made for the test.
 */
export class FakeIdentity {
  readonly keyId = 'test-signing-key';
  readonly accessToken = 'access-token-from-the-fake-identity-server';
  /** Requests by path, to count fetches. */
  readonly requests = new Map<string, number>();
  /** Form fields of each token request. */
  readonly tokenRequests: URLSearchParams[] = [];
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private server?: http.Server;
  url = '';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  }

  metadataUrl(behaviour: MetadataBehaviour = 'ok'): string {
    return `${this.url}/${behaviour}/metadata`;
  }

  countOf(path: string): number {
    return this.requests.get(path) ?? 0;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      this.requests.set(path, this.countOf(path) + 1);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        // Not res.writeHead(...).end(...): restify, loaded in the same jest worker by in-process app tests, replaces
        // http.ServerResponse's writeHead with one that returns nothing.
        const answer = (status: number, body?: string) => {
          res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
          res.end(body);
        };
        const json = (status: number, body: unknown) => answer(status, JSON.stringify(body));
        if (path === '/ok/metadata') return json(200, { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys` });
        if (path === '/error500/metadata') return json(500, { error: 'the identity service is down' });
        if (path === '/garbage/metadata') return answer(200, '<html>not json');
        if (path === '/hang/metadata') return; // never answers
        if (path === '/keys') return json(200, { keys: [{ ...this.publicJwk, kid: this.keyId, use: 'sig', endorsements: ['msteams'] }] });
        if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) && req.method === 'POST') {
          this.tokenRequests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
          return json(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: this.accessToken });
        }
        answer(404);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.url;
  }

  /** A JWT with these claims, signed RS256 by the published key unless `options` say otherwise. */
  sign(claims: Record<string, unknown>, options: SignOptions = {}): string {
    const alg = options.alg ?? 'RS256';
    const header = base64url(JSON.stringify({ alg, typ: 'JWT', kid: options.kid ?? this.keyId }));
    const payload = base64url(JSON.stringify(claims));
    if (alg === 'none') return `${header}.${payload}.`;
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), options.key ?? this.privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
