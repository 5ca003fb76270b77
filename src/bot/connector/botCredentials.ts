import {
  AppCredentials,
  AuthenticationConstants,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
  type AuthenticatorResult,
  type ServiceClientCredentials,
} from 'botframework-connector';

/** A token request that takes longer fails; the send that needed it fails with it, and is retried as a send. */
const tokenTimeoutMs = 5000;

/** The OAuth 2.0 client-credentials error or an unusable answer from the token endpoint (no secret or body in it). */
export class TokenRequestError extends Error {
  constructor(readonly status: number) {
    super(`token request failed (HTTP ${status})`);
    this.name = 'TokenRequestError';
  }
}

/**
 * The bot's own token for the Bot Connector, by the OAuth 2.0 client-credentials grant that Bot Framework
 * documents (POST {login}/oauth2/v2.0/token), with a timeout. MSAL, which botbuilder uses by default, waits
 * without one and only talks to https authorities it can discover online.
 */
class ClientSecretCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly secret: string,
    private readonly tokenUrl: string,
    scope: string,
  ) {
    super(appId, undefined, scope);
  }

  protected async refreshToken(): Promise<AuthenticatorResult> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    const response = await fetch(this.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.secret, scope }),
      signal: AbortSignal.timeout(tokenTimeoutMs),
    });
    if (!response.ok) throw new TokenRequestError(response.status);
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    const lifetime = Number(body.expires_in);
    if (typeof body.access_token !== 'string' || !Number.isFinite(lifetime)) throw new TokenRequestError(response.status);
    return { accessToken: body.access_token, expiresOn: new Date(Date.now() + lifetime * 1000) };
  }
}

/**
 * Credentials for an app id with a client secret (MultiTenant and SingleTenant). The token comes from
 * ToChannelFromBotLoginUrl; on the public cloud's login host, from the app's own tenant when it has one.
 */
export class ClientSecretCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly secret: string,
    private readonly tenantId: string,
  ) {
    super();
  }

  async isValidAppId(appId = ''): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return !this.appId;
  }

  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string): Promise<ServiceClientCredentials> {
    if (await this.isAuthenticationDisabled()) return MicrosoftAppCredentials.Empty;
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    const login = loginEndpoint.toLowerCase().startsWith(AuthenticationConstants.ToChannelFromBotLoginUrlPrefix)
      ? `${AuthenticationConstants.ToChannelFromBotLoginUrlPrefix}${this.tenantId || AuthenticationConstants.DefaultChannelAuthTenant}`
      : loginEndpoint.replace(/\/+$/, '');
    return new ClientSecretCredentials(appId, this.secret, `${login}/oauth2/v2.0/token`, audience || AuthenticationConstants.ToChannelFromBotOAuthScope);
  }

  // Keeps the secret out of anything that serialises the factory.
  toJSON(): Record<string, string> {
    return { name: 'ClientSecretCredentialsFactory', appId: this.appId };
  }
}
