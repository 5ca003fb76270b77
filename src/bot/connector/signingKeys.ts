import { createPublicKey } from 'node:crypto';
// Not exported from the package index: its per-URL cache of key sets is where ours goes in (the version is pinned).
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import type { Logger } from '../../core/logger';

/** What botframework-connector's JwtTokenExtractor asks of a key source (its OpenIdMetadata.getKey). */
export interface SigningKey {
  key: string;
  endorsements?: string[];
}

export interface SigningKeySource {
  getKey(keyId: string): Promise<SigningKey | null>;
}

export interface SigningKeyTiming {
  /** Keys are fetched again after this long (botframework-connector: 24 hours). */
  refreshMs: number;
  /** A key id that is not in the set fetches again, but at most this often (botframework-connector: 1 hour). */
  unknownKeyRefreshMs: number;
  /** After a failed fetch, no new one for this long: a flood of requests never becomes a flood of fetches. */
  failureBackoffMs: number;
  /** The metadata document and the key set together must arrive within this, or the fetch fails. */
  timeoutMs: number;
}

export const defaultSigningKeyTiming: SigningKeyTiming = {
  refreshMs: 24 * 60 * 60 * 1000,
  unknownKeyRefreshMs: 60 * 60 * 1000,
  failureBackoffMs: 30 * 1000,
  timeoutMs: 5000,
};

interface Jwk {
  kty?: unknown;
  kid?: unknown;
  n?: unknown;
  e?: unknown;
  endorsements?: unknown;
}

/**
 * The signing keys published at one OpenID metadata URL: fetched with a timeout, one fetch at a time,
 * kept for hours, a failure remembered briefly. When a refresh fails the keys already held stay in use.
 */
export class SigningKeySet implements SigningKeySource {
  private keys = new Map<string, SigningKey>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;

  constructor(
    private readonly metadataUrl: string,
    private readonly logger: Logger,
    private readonly timing: SigningKeyTiming = defaultSigningKeyTiming,
    private readonly now: () => number = Date.now,
  ) {}

  async getKey(keyId: string): Promise<SigningKey | null> {
    const age = this.now() - this.fetchedAt;
    if (age > this.timing.refreshMs || (!this.keys.has(keyId) && age > this.timing.unknownKeyRefreshMs)) await this.refresh();
    return this.keys.get(keyId) ?? null;
  }

  private async refresh(): Promise<void> {
    if (this.now() - this.failedAt < this.timing.failureBackoffMs) return;
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    await this.inFlight;
  }

  private async load(): Promise<void> {
    try {
      const signal = AbortSignal.timeout(this.timing.timeoutMs);
      const metadata = (await fetchJson(this.metadataUrl, signal)) as { jwks_uri?: unknown } | null;
      if (typeof metadata?.jwks_uri !== 'string') throw new TypeError('no jwks_uri in the OpenID metadata');
      const keySet = (await fetchJson(metadata.jwks_uri, signal)) as { keys?: unknown } | null;
      if (!Array.isArray(keySet?.keys)) throw new TypeError('no keys in the key set');
      this.keys = toSigningKeys(keySet.keys as Jwk[]);
      this.fetchedAt = this.now();
      this.logger.info('token signing keys loaded', { metadata: this.metadataUrl, keys: this.keys.size });
    } catch (error) {
      this.failedAt = this.now();
      this.logger.warn('token signing keys unavailable: requests are refused with 401 until they load', {
        metadata: this.metadataUrl,
        error: (error as Error).name,
        detail: String((error as Error).message).slice(0, 200),
        keptKeys: this.keys.size,
      });
    }
  }
}

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** RSA keys only, as botframework-connector; one that does not parse is left out rather than failing the set. */
function toSigningKeys(jwks: Jwk[]): Map<string, SigningKey> {
  const keys = new Map<string, SigningKey>();
  for (const jwk of jwks) {
    if (jwk?.kty !== 'RSA' || typeof jwk.kid !== 'string' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
      const endorsements = Array.isArray(jwk.endorsements) ? jwk.endorsements.filter((item): item is string => typeof item === 'string') : undefined;
      keys.set(jwk.kid, { key, endorsements });
    } catch {
      // not a usable RSA key
    }
  }
  return keys;
}

/**
 * Makes botframework-connector take its signing keys for these metadata URLs from `sources` instead of
 * its own fetch (which has no timeout and retries on every request while the metadata is down).
 */
export function installSigningKeySources(sources: Map<string, SigningKeySource>): void {
  const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache?: unknown }).openIdMetadataCache;
  if (!(cache instanceof Map)) throw new Error('botframework-connector changed: JwtTokenExtractor has no openIdMetadataCache to install signing keys in');
  for (const [url, source] of sources) cache.set(url, source);
}
