import type { Activity } from 'botbuilder';
import { escapeMarkdown } from '../../src/cards/markdown';
import { actionsOf, textOf } from '../helpers/cardText';
import { last, servicedesk, startTestApp, type ChatUser, type TestApp } from '../helpers/appHarness';
import type { ReceivedCall } from '../helpers/fakeConnector';

const now = () => new Date('2026-11-23T09:00:00Z');
const link = '[klik hier](https://evil.example)';
const evilName = `Jan ${link} {{number}} \${name} $t(ticket.botName) **vet**`;
const from = { id: 'user-1', name: evilName };

// A markdown link (inline, reference or autolink) or a bare web address that Teams would make clickable.
const clickable = /\]\(|\]:|<https?:|https?:\/\/|www\./;

async function ticketFromEvilUser(): Promise<{ bot: TestApp; user: ChatUser; consent: Partial<Activity>; card: Partial<Activity>; post: ReceivedCall }> {
  const bot = await startTestApp({ now });
  await bot.registerChannel();
  const conversation = bot.user('nl-NL', { from });
  await conversation.send(`mijn code werkt niet, zie ${link}`);
  await conversation.send(`kijk op ${link}`);
  await conversation.send('servicedesk');
  await conversation.send({ value: { action: 'handoff', choice: 'confirm' } });
  const consent = last(await conversation.send({ value: { action: 'handoff', choice: 'describe', description: `${link} <https://evil.example> www.evil.example` } }));
  await conversation.send({ value: { action: 'handoff', choice: 'consent' } });
  const [post] = bot.ticketPosts();
  return { bot, user: conversation, consent, card: post.activity, post };
}

describe('texts people wrote, in cards', () => {
  it('gives the agent no clickable link from a user, in the name, the sentence or the questions', async () => {
    const { card } = await ticketFromEvilUser();
    const text = textOf(card);
    expect(text).toContain('klik hier');
    expect(text).toContain('evil.example');
    expect(text).not.toMatch(clickable);
  });

  it('shows a display name with {{number}}, ${name} and $t(...) literally in the title, never interpolated', async () => {
    const { card } = await ticketFromEvilUser();
    const title = (card.attachments![0].content as { body: Array<{ text: string }> }).body[0].text;
    expect(title).toBe(`Ticket 1001 · ${escapeMarkdown(evilName)}`);
    expect(title).toContain('{{number}} ${name} $t(ticket.botName) \\*\\*vet\\*\\*');
  });

  it('shows the user their own sentence unclickable on the consent card too', async () => {
    const { consent } = await ticketFromEvilUser();
    expect(textOf(consent)).toContain('klik hier');
    expect(textOf(consent)).not.toMatch(clickable);
  });

  it('escapes the agent name and the rating comment on the ticket card', async () => {
    const { bot, user, post } = await ticketFromEvilUser();
    const agent = { id: '29:agent-evil', name: `Piet ${link}`, aadObjectId: 'aad-evil' };
    bot.connector.addMember(servicedesk.team.id, agent);
    await bot.pressOnTicket(post, { action: 'ticket', op: 'take', ticket: '1001' }, agent);
    const status = await user.send('servicedesk');
    expect(textOf(status[0])).toContain('Piet');
    expect(textOf(status[0])).not.toMatch(clickable);
    const since = bot.connector.calls.length;
    await bot.pressOnTicket(post, { action: 'ticket', op: 'close', ticket: '1001' }, agent);
    const rating = user.received(since).find((reply) => actionsOf(reply).some((action) => action.data.action === 'rateTicket'));
    await user.send({ value: { ...actionsOf(rating)[0].data, comment: `slecht, ga naar ${link}` } });
    const text = textOf(bot.cardUpdates(post).at(-1));
    expect(text).toContain('slecht, ga naar');
    expect(text).toContain('kijk op');
    expect(text).not.toMatch(clickable);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    [link, '[klik hier]\u200b(https:\u200b//evil.example)'],
    ['<https://evil.example>', '<\u200bhttps:\u200b//evil.example>'],
    ['www.evil.example', 'www\u200b.evil.example'],
    ['[a]: https://evil.example', '[a]\u200b: https:\u200b//evil.example'],
    ['**vet** _schuin_ ~weg~ `code` \\', '\\*\\*vet\\*\\* \\_schuin\\_ \\~weg\\~ \\`code\\` \\\\'],
    ['Jan Jansen', 'Jan Jansen'],
  ])('makes %j inert', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});
