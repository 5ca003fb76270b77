import { CloudAdapter, type TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import type { AppConfig } from '../../config';
import type { Logger } from '../../core/logger';
import { languageFromLocale, translatorFor } from '../../i18n/translator';
import { StorageError } from '../../storage/storageError';
import { createBotAuthentication } from './authentication';
import { connectorTrafficFor } from './connectorTraffic';
import { ServiceUrlGuard } from '../http/serviceUrlGuard';

/**
 * CloudAdapter configured by the standard Bot Framework keys. Without MicrosoftAppId it runs in local mode
 * (no auth, for the playground and tests); with one, every request without a valid token gets 401.
 */
export function createAdapter(config: AppConfig, i18nInstance: i18n, logger: Logger, traffic = connectorTrafficFor(config, logger)): CloudAdapter {
  const adapter = new CloudAdapter(new ServiceUrlGuard(createBotAuthentication(config.botAuth, logger, traffic)));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log what failed, never the user's text: it may hold a code or a password.
    logger.error('turn failed', {
      error: error.name,
      code: (error as { code?: unknown }).code,
      detail: error.message,
      stack: error.stack?.split('\n').slice(0, 6).join(' | '),
      activityType: context.activity.type,
      conversationType: context.activity.conversation?.conversationType,
    });
    try {
      const language = languageFromLocale(context.activity.locale) ?? 'nl';
      const t = translatorFor(i18nInstance, language);
      const servicedesk = t('organisation.servicedesk', { organisation: config.organisation.name });
      const key = error instanceof StorageError ? 'messages.storageError' : 'messages.turnError';
      await context.sendActivity(t(key, { servicedesk }));
    } catch (sendError) {
      logger.error('could not tell the user about the failed turn', { error: (sendError as Error).name });
    }
  };
  return adapter;
}
