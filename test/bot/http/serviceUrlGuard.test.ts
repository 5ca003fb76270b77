import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ClaimsIdentity } from 'botframework-connector';
import { InvalidServiceUrlError, ServiceUrlGuard } from '../../../src/bot/http/serviceUrlGuard';

describe('ServiceUrlGuard', () => {
  const auth = new ServiceUrlGuard(new ConfigurationBotFrameworkAuthentication({}));
  const identity = new ClaimsIdentity([], true);

  it.each(['', '/v3/conversations', 'not a url', 'ftp://127.0.0.1/'])(
    'makes no Bot Connector client for the serviceUrl %p (botbuilder would send to api.botframework.com)',
    async (serviceUrl) => {
      await expect(auth.createConnectorFactory(identity).create(serviceUrl)).rejects.toBeInstanceOf(InvalidServiceUrlError);
    },
  );

  it('makes one for an http(s) serviceUrl, pointed at it', async () => {
    const client = await auth.createConnectorFactory(identity).create('http://127.0.0.1:3979/');
    expect((client as unknown as { baseUri: string }).baseUri).toBe('http://127.0.0.1:3979/');
  });

  it('guards the connector factory of an authenticated request too', async () => {
    const activity = { type: 'message', serviceUrl: '', channelId: 'msteams' };
    const result = await auth.authenticateRequest(activity as never, '');
    await expect(result.connectorFactory!.create('')).rejects.toBeInstanceOf(InvalidServiceUrlError);
  });
});
