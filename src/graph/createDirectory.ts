import type { GraphConfig } from '../config';
import type { Logger } from '../core/logger';
import type { BotStorage } from '../storage/botStorage';
import { graphOff, type UserDirectory } from './directory';
import type { GraphGatewayOptions } from './graphGateway';

/**
 * The directory the configuration asks for: Graph's, or graphOff (with one info line saying why) when Graph is not
 * configured. The Graph SDK is loaded at the first question, not at start-up (about 80 ms of it, for a feature that may
 * be off); a load that fails answers "unavailable" like any other failure.
 */
export function createDirectory(config: GraphConfig, storage: BotStorage, logger: Logger, limits?: GraphGatewayOptions['limits']): UserDirectory {
  if (!config.enabled) {
    logger.info(`Microsoft Graph off: ${config.missing}`);
    return graphOff;
  }
  logger.info('Microsoft Graph on', { baseUrl: config.baseUrl, credential: config.credential.kind, timeoutMs: config.timeoutMs });
  let loaded: Promise<UserDirectory> | undefined;
  const load = (): Promise<UserDirectory> =>
    (loaded ??= (async () => {
      const [{ GraphGateway }, { graphAuthProvider }, { GraphDirectory }, { DirectoryCache }] = await Promise.all([
        import('./graphGateway'),
        import('./graphAuth'),
        import('./graphDirectory'),
        import('./directoryCache'),
      ]);
      const gateway = new GraphGateway({ baseUrl: config.baseUrl, authProvider: graphAuthProvider(config.credential, config.tenantId, config.clientId), logger, timeoutMs: config.timeoutMs, limits });
      return new GraphDirectory(gateway, new DirectoryCache(storage, logger), logger);
    })().catch((error: Error) => {
      logger.error('Microsoft Graph could not be loaded', { error: error.name });
      return { ...graphOff, enabled: true, user: async () => ({ kind: 'unavailable', reason: 'failed' }), authenticator: async () => ({ kind: 'unavailable', reason: 'failed' }) } satisfies UserDirectory;
    }));
  return {
    enabled: true,
    user: async (aadObjectId) => (await load()).user(aadObjectId),
    authenticator: async (aadObjectId, options) => (await load()).authenticator(aadObjectId, options),
    forget: async (aadObjectId) => (await load()).forget(aadObjectId),
  };
}
