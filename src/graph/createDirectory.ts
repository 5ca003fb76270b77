import type { GraphConfig } from '../config';
import type { Logger } from '../core/logger';
import type { BotStorage } from '../storage/botStorage';
import { graphOff, type UserDirectory } from './directory';
import type { GraphGatewayOptions } from './graphGateway';
import type { GraphRolloutOptions } from './graphRollout';
import { rolloutGraphOff, type RolloutGraph } from './rollout';

export interface GraphPorts {
  directory: UserDirectory;
  rollout: RolloutGraph;
}

export interface CreateGraphOptions {
  /** The buckets' limits; Graph's by default (a test may shrink the window). */
  limits?: GraphGatewayOptions['limits'];
  /** The rollout's app ids (the manifest id, or the catalog id itself). */
  rollout?: Pick<GraphRolloutOptions, 'manifestAppId' | 'catalogAppId' | 'maxMemberPages' | 'maxReportPages'>;
}

/**
 * The Graph ports the configuration asks for: Graph's, on one gateway (so the authenticator look-ups and the
 * registration report share one identity bucket), or the off ports (with one info line saying why) when Graph is not
 * configured. The Graph SDK is loaded at the first question, not at start-up (about 80 ms of it, for a feature that
 * may be off); a load that fails answers "unavailable: failed" like any other failure, and is tried again at the next.
 */
export function createGraph(config: GraphConfig, storage: BotStorage, logger: Logger, options: CreateGraphOptions = {}): GraphPorts {
  if (!config.enabled) {
    logger.info(`Microsoft Graph off: ${config.missing}`);
    return { directory: graphOff, rollout: rolloutGraphOff };
  }
  logger.info('Microsoft Graph on', { baseUrl: config.baseUrl, credential: config.credential.kind, timeoutMs: config.timeoutMs });
  let loaded: Promise<GraphPorts | undefined> | undefined;
  const load = (): Promise<GraphPorts | undefined> =>
    (loaded ??= (async () => {
      const [{ GraphGateway }, { graphAuthProvider }, { GraphDirectory }, { DirectoryCache }, { GraphRollout }] = await Promise.all([
        import('./graphGateway'),
        import('./graphAuth'),
        import('./graphDirectory'),
        import('./directoryCache'),
        import('./graphRollout'),
      ]);
      const gateway = new GraphGateway({
        baseUrl: config.baseUrl,
        authProvider: graphAuthProvider(config.credential, config.tenantId, config.clientId),
        logger,
        timeoutMs: config.timeoutMs,
        limits: options.limits,
      });
      return {
        directory: new GraphDirectory(gateway, new DirectoryCache(storage, logger), logger),
        rollout: new GraphRollout(gateway, logger, { ...options.rollout, baseUrl: config.baseUrl }),
      };
    })().catch((error: Error) => {
      // Not kept: the next question tries again (a file briefly missing during a deploy must not switch Graph off for good).
      logger.error('Microsoft Graph could not be loaded', { error: error.name });
      loaded = undefined;
      return undefined;
    }));
  const failed = { kind: 'unavailable', reason: 'failed' } as const;
  return {
    directory: {
      enabled: true,
      user: async (aadObjectId) => (await load())?.directory.user(aadObjectId) ?? failed,
      authenticator: async (aadObjectId, check) => (await load())?.directory.authenticator(aadObjectId, check) ?? failed,
      forget: async (aadObjectId) => (await load())?.directory.forget(aadObjectId),
    },
    rollout: {
      enabled: true,
      groupMembers: async (groupId, call) => (await load())?.rollout.groupMembers(groupId, call) ?? failed,
      catalogId: async (call) => (await load())?.rollout.catalogId(call) ?? failed,
      installed: async (userId, catalogId, call) => (await load())?.rollout.installed(userId, catalogId, call) ?? failed,
      install: async (userId, catalogId, call) => (await load())?.rollout.install(userId, catalogId, call) ?? failed,
      chat: async (userId, installationId, call) => (await load())?.rollout.chat(userId, installationId, call) ?? failed,
      registrationReport: async (filter, call) => (await load())?.rollout.registrationReport(filter, call) ?? failed,
    },
  };
}

/** The directory alone (the bot's turns); see createGraph. */
export function createDirectory(config: GraphConfig, storage: BotStorage, logger: Logger, limits?: GraphGatewayOptions['limits']): UserDirectory {
  return createGraph(config, storage, logger, { limits }).directory;
}
