import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { createAdapter } from '../../../src/bot/connector/adapter';
import { createI18n, translatorFor } from '../../../src/i18n/translator';
import { createLogger } from '../../../src/core/logger';
import { testConfig } from '../../helpers/testConfig';
import { teamsActivity } from '../../helpers/teamsActivity';

describe('a turn that fails', () => {
  it('gets a short translated apology, no stack trace, and a log line without the user\'s text', async () => {
    const lines: string[] = [];
    const i18n = createI18n();
    const adapter = createAdapter(testConfig(), i18n, createLogger('info', (line) => lines.push(line)));
    const sent: Partial<Activity>[] = [];
    const testAdapter = new TestAdapter(async () => undefined);
    const user = { userId: '29:1', conversationId: 'a:1', locale: 'en-US' };
    const context = new TurnContext(testAdapter, teamsActivity(testAdapter.conversation.serviceUrl, user, { type: 'message', text: 'mijn wachtwoord is Geheim123!' }));
    context.onSendActivities(async (_ctx, activities) => {
      sent.push(...activities);
      return activities.map(() => ({ id: 'x' }));
    });

    await adapter.onTurnError!(context, new TypeError('Cannot read properties of undefined'));

    const t = translatorFor(i18n, 'en');
    expect(sent.map((a) => a.text)).toEqual([t('messages.turnError', { servicedesk: t('organisation.servicedesk', { organisation: 'Zorgring' }) })]);
    expect(sent[0].text).not.toMatch(/TypeError|undefined|at /);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', message: 'turn failed', error: 'TypeError' });
    expect(lines[0]).not.toContain('Geheim123');
  });
});
