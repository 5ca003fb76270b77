import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import type { TabSsoConfig } from '../config';

/** Who a valid Teams SSO token names: the Entra object id and the display name. */
export interface SsoUser {
  oid: string;
  name: string;
}

/** Why a token was refused: a stable code for the log and the 401's body, never the token itself. */
export type SsoRefusal =
  | 'missing'
  | 'malformed'
  | 'notConfigured'
  | 'signature'
  | 'expired'
  | 'notYetValid'
  | 'audience'
  | 'issuer'
  | 'tenant'
  | 'client'
  | 'scope'
  | 'noUser'
  | 'keysUnavailable';

export type SsoOutcome = { ok: true; user: SsoUser } | { ok: false; reason: SsoRefusal };

export type SsoVerifier = (authorization: string | undefined) => Promise<SsoOutcome>;

/** The scope the manifest's webApplicationInfo exposes for the tab. */
export const ssoScope = 'access_as_user';
/** Clocks of Entra and this server may differ a little. */
const clockToleranceSeconds = 60;
/** A token longer than this is not a Teams SSO token (they are about 1.5–3 kB). */
const maxTokenLength = 16_384;

const refuse = (reason: SsoRefusal): SsoOutcome => ({ ok: false, reason });

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization?.trim() ?? '');
  return match && match[1].length <= maxTokenLength ? match[1] : undefined;
}

/**
 * Verifies the token Teams gives the tab (`authentication.getAuthToken()`): RS256, signed with one of Entra's published
 * keys, `aud` and `iss` as they are for the token's version (v1: the resource and sts.windows.net; v2: the app id and
 * login.microsoftonline.com/…/v2.0), the tenant, the `access_as_user` scope, and `exp`/`nbf` with a minute's tolerance.
 */
export function createSsoVerifier(config: Pick<TabSsoConfig, 'appId' | 'tenantId' | 'resource' | 'jwksUrl' | 'jwksTimeoutMs' | 'clientIds'>): SsoVerifier {
  const { appId, tenantId, resource, jwksUrl, clientIds } = config;
  const keys = jwksUrl ? createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: config.jwksTimeoutMs, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : undefined;

  return async (authorization) => {
    if (!authorization?.trim()) return refuse('missing');
    const token = bearerToken(authorization);
    if (!token) return refuse('malformed');
    if (!keys || !appId || !tenantId) return refuse('notConfigured');
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      return refuse('malformed');
    }
    // The version only chooses what to expect; the signature check below then holds the token to it.
    const v2 = claims.ver === '2.0';
    const expected = v2
      ? { audience: appId, issuer: `https://login.microsoftonline.com/${tenantId}/v2.0` }
      : { audience: resource, issuer: `https://sts.windows.net/${tenantId}/` };
    if (!expected.audience) return refuse('notConfigured');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { algorithms: ['RS256'], ...expected, clockTolerance: clockToleranceSeconds, requiredClaims: ['exp'] }));
    } catch (error) {
      return refuse(refusalOf(error));
    }
    if (payload.tid !== tenantId) return refuse('tenant');
    // Only Teams and the Microsoft 365 hosts: an app a member once consented to cannot read the dashboard as them.
    const client = v2 ? payload.azp : payload.appid;
    if (typeof client !== 'string' || !clientIds.includes(client.toLowerCase())) return refuse('client');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(ssoScope)) return refuse('scope');
    const oid = typeof payload.oid === 'string' ? payload.oid : '';
    if (!/^[0-9a-f-]{36}$/i.test(oid)) return refuse('noUser');
    const name = typeof payload.name === 'string' ? payload.name.slice(0, 200) : '';
    return { ok: true, user: { oid: oid.toLowerCase(), name } };
  };
}

/** What a failed jwtVerify means, by jose's error types (never by message text). */
function refusalOf(error: unknown): SsoRefusal {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'nbf') return 'notYetValid';
    return 'malformed';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JOSEAlgNotAllowed) return 'signature';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'keysUnavailable';
  if (error instanceof errors.JOSEError) return 'malformed';
  // A fetch that failed (no network, refused): the keys could not be read.
  return 'keysUnavailable';
}
