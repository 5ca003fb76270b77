import type { GraphConfig } from '../config';
import type { Logger } from '../core/logger';
import type { BotStorage } from '../storage/botStorage';
import { graphOff, type UserDirectory } from './directory';
import { DirectoryCache } from './directoryCache';
import { graphAuthProvider } from './graphAuth';
import { GraphDirectory } from './graphDirectory';
import { GraphGateway, type GraphGatewayOptions } from './graphGateway';

/** The directory the configuration asks for: Graph's, or graphOff (with one info line saying why) when Graph is not configured. */
export function createDirectory(config: GraphConfig, storage: BotStorage, logger: Logger, limits?: GraphGatewayOptions['limits']): UserDirectory {
  if (!config.enabled) {
    logger.info(`Microsoft Graph off: ${config.missing}`);
    return graphOff;
  }
  const gateway = new GraphGateway({
    baseUrl: config.baseUrl,
    authProvider: graphAuthProvider(config.credential, config.tenantId, config.clientId),
    logger,
    timeoutMs: config.timeoutMs,
    limits,
  });
  logger.info('Microsoft Graph on', { baseUrl: config.baseUrl, credential: config.credential.kind, timeoutMs: config.timeoutMs });
  return new GraphDirectory(gateway, new DirectoryCache(storage, logger), logger);
}
