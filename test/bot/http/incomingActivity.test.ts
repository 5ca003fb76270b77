import { cutText, maxTextLength, readIncomingActivity } from '../../../src/bot/http/incomingActivity';
import { isLoopbackUrl } from '../../../src/core/loopback';
import { teamsActivity } from '../../helpers/teamsActivity';

const local = { loopbackOnly: true };
const production = { loopbackOnly: false };
const user = { userId: '29:user', conversationId: 'a:conversation', locale: 'nl-NL' };

/** A Teams message as JSON (timestamps as strings), with `change` applied to it. */
function activity(change: (activity: Record<string, any>) => void = () => {}): Record<string, any> {
  const base = JSON.parse(JSON.stringify(teamsActivity('http://127.0.0.1:3979/', user, { type: 'message', text: 'start' })));
  change(base);
  return base;
}

const verdict = (change: (activity: Record<string, any>) => void, rules = local) => readIncomingActivity(activity(change), rules);

describe('readIncomingActivity', () => {
  it('lets a Teams message through unchanged', () => {
    const teams = activity();
    const result = readIncomingActivity(structuredClone(teams), local);
    expect(result).toEqual({ ok: true, activity: teams });
  });

  it.each([
    ['a non-string type', (a: any) => (a.type = 42)],
    ['no type', (a: any) => delete a.type],
    ['a non-string text', (a: any) => (a.text = { x: 1 })],
    ['a non-string locale', (a: any) => (a.locale = ['nl'])],
    ['a non-string serviceUrl', (a: any) => (a.serviceUrl = 7)],
    ['no serviceUrl', (a: any) => delete a.serviceUrl],
    ['a non-string id', (a: any) => (a.id = 1)],
    ['an id with a NUL byte', (a: any) => (a.id = 'a\u0000b')],
    ['a non-string channelId', (a: any) => (a.channelId = null)],
    ['no from', (a: any) => delete a.from],
    ['a from without id', (a: any) => delete a.from.id],
    ['a from with a numeric id', (a: any) => (a.from.id = 5)],
    ['a from that is a string', (a: any) => (a.from = '29:user')],
    ['a non-string from.name', (a: any) => (a.from.name = {})],
    ['no conversation', (a: any) => delete a.conversation],
    ['a conversation without id', (a: any) => (a.conversation = { conversationType: 'personal' })],
    ['a non-string conversationType', (a: any) => (a.conversation.conversationType = 1)],
    ['no recipient', (a: any) => delete a.recipient],
    ['attachments that are no array', (a: any) => (a.attachments = { contentType: 'x' })],
    ['a null attachment', (a: any) => (a.attachments = [null])],
    ['entities that are no array', (a: any) => (a.entities = 'x')],
    ['an entity without type', (a: any) => (a.entities = [{}])],
    ['a mention without mentioned', (a: any) => (a.entities = [{ type: 'mention', text: '<at>bot</at>' }])],
    ['a mention on a message without text', (a: any) => { delete a.text; a.entities = [{ type: 'mention', text: 'x', mentioned: { id: '28:bot' } }]; }],
    ['membersAdded that are no array', (a: any) => (a.membersAdded = { id: 'x' })],
    ['a member without id', (a: any) => (a.membersAdded = [{ name: 'x' }])],
    ['far too many members', (a: any) => (a.membersAdded = Array.from({ length: 101 }, (_, i) => ({ id: `29:${i}` })))],
    ['a message value that is a string', (a: any) => (a.value = 'start')],
    ['a message value that is an array', (a: any) => (a.value = [{ action: 'start' }])],
    ['a message value that is null', (a: any) => (a.value = null)],
    ['channelData that is a string', (a: any) => (a.channelData = 'x')],
    ['a team that is a string', (a: any) => (a.channelData = { team: '19:x' })],
    ['a numeric team id', (a: any) => (a.channelData = { team: { id: 19 } })],
    ['a serviceUrl that is not a URL', (a: any) => (a.serviceUrl = 'not a url')],
    ['a serviceUrl that is empty', (a: any) => (a.serviceUrl = '')],
    ['a serviceUrl with another scheme', (a: any) => (a.serviceUrl = 'ftp://127.0.0.1/')],
    ['an invoke (the bot implements none)', (a: any) => { a.type = 'invoke'; a.name = 'adaptiveCard/action'; }],
    ['an outside ContinueConversation event', (a: any) => { a.type = 'event'; a.name = 'ContinueConversation'; }],
    ['nesting deeper than 32 levels', (a: any) => { let node = a.value = {} as any; for (let i = 0; i < 40; i++) node = node.next = {}; }],
    ['an id of 2,000 characters', (a: any) => (a.id = 'x'.repeat(2000))],
  ])('refuses %s with 400', (_name, change) => {
    const result = verdict(change);
    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  it.each([
    ['a body that is an array', []],
    ['a body that is a string', 'start'],
    ['a body that is null', null],
  ])('refuses %s', (_name, body) => {
    expect(readIncomingActivity(body, local)).toMatchObject({ ok: false, status: 400 });
  });

  it('names the wrong field, never its value', () => {
    const result = verdict((a) => (a.from.id = { secret: 'Welkom01!' }));
    expect(result).toEqual({ ok: false, status: 400, reason: 'from.id must be a non-empty string' });
  });

  it.each(['https://smba.trafficmanager.net/emea/', 'http://10.0.0.1:3978/', 'http://localhost@evil.example/', 'http://127.0.0.1.evil.example/'])(
    'refuses the serviceUrl %s in local mode with 403, and takes it with an app id',
    (serviceUrl) => {
      expect(verdict((a) => (a.serviceUrl = serviceUrl))).toMatchObject({ ok: false, status: 403 });
      expect(verdict((a) => (a.serviceUrl = serviceUrl), production)).toMatchObject({ ok: true });
    },
  );

  it.each(['http://127.0.0.1:3979/', 'https://localhost:56150', 'http://[::1]:1234/', 'http://LOCALHOST/'])('takes the loopback serviceUrl %s in local mode', (serviceUrl) => {
    expect(isLoopbackUrl(serviceUrl)).toBe(true);
    expect(verdict((a) => (a.serviceUrl = serviceUrl))).toMatchObject({ ok: true });
  });

  it('refuses an invalid serviceUrl with an app id too: botbuilder would fall back to a public host', () => {
    expect(verdict((a) => (a.serviceUrl = ''), production)).toMatchObject({ ok: false, status: 400 });
    expect(verdict((a) => (a.serviceUrl = '/relative'), production)).toMatchObject({ ok: false, status: 400 });
  });

  it('cuts a long text, and card input strings in value, to the bound', () => {
    const long = verdict((a) => (a.text = 'x'.repeat(100_000)));
    expect(long.ok && (long.activity.text as string).length).toBe(maxTextLength);
    const card = verdict((a) => {
      delete a.text;
      a.value = { action: 'handoff', description: 'y'.repeat(50_000), nested: { deeper: ['z'.repeat(40_000)] } };
    });
    expect(card.ok).toBe(true);
    const value = (card as unknown as { activity: { value: any } }).activity.value;
    expect(value.description).toHaveLength(maxTextLength);
    expect(value.nested.deeper[0]).toHaveLength(maxTextLength);
  });

  it('cuts a display name to 256 characters', () => {
    const result = verdict((a) => (a.from.name = 'n'.repeat(5000)));
    expect(result.ok && (result.activity.from as { name: string }).name).toHaveLength(256);
  });

  it('lets unknown activity types and other conversation types through (the bot ignores what it does not know)', () => {
    expect(verdict((a) => (a.type = 'x-unknown'))).toMatchObject({ ok: true });
    expect(verdict((a) => (a.conversation.conversationType = 'channel'))).toMatchObject({ ok: true });
  });

  it('gives an activity without channelData an empty one (botbuilder reads it unguarded on edits and deletions)', () => {
    const result = verdict((a) => {
      a.type = 'messageDelete';
      delete a.channelData;
    });
    expect(result.ok && result.activity.channelData).toEqual({});
  });
});

describe('cutText', () => {
  it('never leaves half a surrogate pair', () => {
    const text = 'a' + '😀'.repeat(10);
    expect(cutText(text, 4)).toBe('a😀');
  });

  it('replaces lone surrogates, which make encodeURIComponent throw', () => {
    const text = cutText('a\ud800b\udc00c😀');
    expect(text).toBe('a\ufffdb\ufffdc😀');
    expect(() => encodeURIComponent(text)).not.toThrow();
  });
});
