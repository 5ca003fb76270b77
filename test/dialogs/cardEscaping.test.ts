import type { Activity } from 'botbuilder';
import { escapeMarkdown } from '../../src/cards/markdown';
import { textOf } from '../helpers/cardText';
import { Conversation, createTestBot, last, type TestBot } from '../helpers/testApp';

const now = () => new Date('2026-11-23T09:00:00Z');
const link = '[klik hier](https://evil.example)';
const evilName = `Jan ${link} {{number}} \${name} $t(ticket.botName) **vet**`;
const from = { id: 'user-1', name: evilName };

// A markdown link (inline, reference or autolink) or a bare web address that Teams would make clickable.
const clickable = /\]\(|\]:|<https?:|https?:\/\/|www\./;

async function ticketFromEvilUser(): Promise<{ bot: TestBot; consent: Partial<Activity>; card: Partial<Activity> }> {
  const bot = createTestBot({}, undefined, now);
  await bot.channel.register({ reference: { conversation: { id: '19:sd@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' } }, teamId: 'team', channelId: '19:sd@thread.tacv2', registeredAt: now().toISOString() });
  const conversation = new Conversation(bot, 'nl-NL');
  await conversation.send({ text: `mijn code werkt niet, zie ${link}`, from });
  await conversation.send({ text: 'servicedesk', from });
  await conversation.send({ value: { action: 'handoff', choice: 'confirm' }, from });
  const consent = last(await conversation.send({ value: { action: 'handoff', choice: 'describe', description: `${link} <https://evil.example> www.evil.example` }, from }));
  await conversation.send({ value: { action: 'handoff', choice: 'consent' }, from });
  return { bot, consent, card: bot.messenger.threads[0] };
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
    const { bot } = await ticketFromEvilUser();
    const ticket = (await bot.tickets.get('1001'))!;
    const t = new Conversation(bot).t('nl');
    const card = bot.ticketCards.ticket(t, 'nl', {
      ...ticket,
      status: 'closed',
      agent: { name: `Piet ${link}`, id: 'agent-1', at: now().toISOString() },
      rating: { score: 1, comment: `slecht, ga naar ${link}`, at: now().toISOString() },
      transcript: [{ from: 'user', text: `kijk op ${link}`, at: now().toISOString() }],
    });
    const text = textOf({ attachments: [card] });
    expect(text).toContain('slecht, ga naar');
    expect(text).toContain('kijk op');
    expect(text).not.toMatch(clickable);
    expect(bot.ticketCards.userStatus(t, { ...ticket, status: 'assigned', agent: { name: `Piet ${link}`, id: 'agent-1', at: now().toISOString() } })).not.toMatch(clickable);
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
