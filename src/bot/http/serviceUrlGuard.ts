import {
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { AppError } from '../../core/errors';
import { isHttpUrl } from './incomingActivity';

/** A reply or proactive message was about to go to a serviceUrl that is not an absolute http(s) URL. */
export class InvalidServiceUrlError extends AppError {
  constructor() {
    super('invalidServiceUrl', 'refused to create a Bot Connector client for an invalid serviceUrl');
  }
}

class GuardedConnectorFactory extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    // ConnectorClient's default base URI is api.botframework.com: an empty or relative serviceUrl would send there.
    if (typeof serviceUrl !== 'string' || !isHttpUrl(serviceUrl)) return Promise.reject(new InvalidServiceUrlError());
    return this.inner.create(serviceUrl, audience);
  }
}

/**
 * Wraps the adapter's authentication so that every Bot Connector client (replies, proactive sends) is made for an
 * absolute http(s) serviceUrl only; the door checks incoming activities, this covers stored references too.
 */
export class ServiceUrlGuard extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.guarded(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.guarded(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new GuardedConnectorFactory(this.inner.createConnectorFactory(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private guarded(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory ? { ...result, connectorFactory: new GuardedConnectorFactory(result.connectorFactory) } : result;
  }
}
