import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, StatusCodes, type Activity } from 'botbuilder';
import {
  AseChannelValidation,
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { BotAuthConfig } from '../../config';
import type { Logger } from '../../core/logger';
import { ClientSecretCredentialsFactory } from './botCredentials';
import type { ConnectorTraffic } from './connectorTraffic';
import { SigningKeySet, installSigningKeySources, type SigningKeySource } from './signingKeys';

/** Bot Framework's public cloud: what botbuilder uses when no endpoint is configured. */
const publicCloud = {
  ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
  ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
  OAuthUrl: AuthenticationConstants.OAuthUrl,
  ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  CallerId: 'urn:botframework:azure',
};

/**
 * Bot Framework authentication as botbuilder does it, with two guarantees on top: every request that is
 * not authenticated gets a bare 401 (botbuilder answers some with 500 and its error text), and the
 * signing keys are fetched with a timeout, kept for hours, and a failed fetch is not repeated for 30 s.
 */
export function createBotAuthentication(
  auth: BotAuthConfig,
  logger: Logger,
  traffic: Pick<ConnectorTraffic, 'connectorClientOptions' | 'credentialsFactory'>,
): BotFrameworkAuthentication {
  // botbuilder takes all endpoints as given once one is set, so the unset ones get the public cloud's.
  const endpoints = { ...publicCloud, ...withoutEmpty(auth) };
  // Every call to the connector (and the token fetch) goes through the traffic: timeouts, bounded retries, pacing.
  if (!auth.MicrosoftAppId) return new ConfigurationBotFrameworkAuthentication(endpoints, undefined, undefined, undefined, traffic.connectorClientOptions());
  const credentials =
    auth.MicrosoftAppPassword && auth.MicrosoftAppType.toLowerCase() !== 'userassignedmsi'
      ? new ClientSecretCredentialsFactory(auth.MicrosoftAppId, auth.MicrosoftAppPassword, auth.MicrosoftAppType.toLowerCase() === 'singletenant' ? auth.MicrosoftAppTenantId : '')
      : new ConfigurationServiceClientCredentialFactory(endpoints);
  const inner = new ConfigurationBotFrameworkAuthentication(endpoints, traffic.credentialsFactory(credentials), undefined, undefined, traffic.connectorClientOptions());
  // The ASE channel's URL is set by the constructor above; a request names that channel itself, so it is covered too.
  const metadataUrls = [endpoints.ToBotFromChannelOpenIdMetadataUrl, endpoints.ToBotFromEmulatorOpenIdMetadataUrl, AseChannelValidation.MetadataUrl];
  installSigningKeySources(new Map<string, SigningKeySource>(metadataUrls.map((url) => [url, new SigningKeySet(url, logger)])));
  return new UnauthorizedOnFailure(inner, logger);
}

function withoutEmpty(auth: BotAuthConfig): Partial<BotAuthConfig> {
  return Object.fromEntries(Object.entries(auth).filter(([, value]) => value !== ''));
}

/** Turns every failure to authenticate into an AuthenticationError without a message: a 401 with an empty body. */
class UnauthorizedOnFailure extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super();
  }

  authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateRequest(activity, authHeader).catch((error) => this.reject(error));
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader).catch((error) => this.reject(error));
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader).catch((error) => this.reject(error));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  private reject(error: unknown): never {
    // The reason goes to the log only; the caller learns nothing but 401.
    this.logger.warn('request not authenticated', { error: (error as Error)?.name, detail: String((error as Error)?.message).slice(0, 200) });
    throw new AuthenticationError('', StatusCodes.UNAUTHORIZED);
  }
}
