import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { turnT } from '../../i18n/translator';
import type { Logger } from '../../core/logger';
import { containsSecret } from '../../privacy/redact';
import { withoutMentions } from '../../commands/mentions';

/**
 * When someone types what looks like a verification code or a password, tell them never to share
 * these, not even with the servicedesk; the turn then goes on (the rest of the message may be a question).
 * Runs after LanguageMiddleware. Nothing of the text is logged.
 */
export class SecretWarningMiddleware implements Middleware {
  constructor(private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // @mentions ("<at>2FA Servicedesk</at>") are markup, not something the user typed.
    const text = context.activity.type === ActivityTypes.Message ? withoutMentions(context.activity.text ?? '') : undefined;
    if (text && containsSecret(text)) {
      this.logger.info('secret warning sent');
      await context.sendActivity(turnT(context)('messages.neverShareSecrets'));
    }
    await next();
  }
}
