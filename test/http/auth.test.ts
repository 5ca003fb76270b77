import { generateKeyPairSync } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { BotProcess, confirmedExamplesEnv, freePort } from '../helpers/botProcess';
import { InProcessBot } from '../helpers/inProcessBot';
import { stepOf } from '../helpers/cardText';
import { FakeConnector } from '../helpers/fakeConnector';
import { FakeIdentity } from '../helpers/fakeIdentity';
import { teamsActivity, type TeamsUser } from '../helpers/teamsActivity';

jest.setTimeout(60000);

const appId = '11111111-2222-3333-4444-555555555555';
const secret = 'test-secret-not-a-real-one';
const connector = new FakeConnector();
const identity = new FakeIdentity();
let serviceUrl = '';

/** The production configuration: tokens checked against `metadataUrl`, the bot's own token fetched from the fake identity server. */
const securedEnv = (metadataUrl: string, appType: Record<string, string> = { MicrosoftAppType: 'MultiTenant' }): Record<string, string> => ({
  MicrosoftAppId: appId,
  MicrosoftAppPassword: secret,
  ...appType,
  SERVICEDESK_TEAM_ID: '19:team-servicedesk@thread.tacv2',
  ...confirmedExamplesEnv,
  ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
  ToChannelFromBotLoginUrl: `${identity.url}/botframework.com`,
});

/** The app in production mode, in the jest process: the same authentication as the real process, without its start-up time. */
const securedBot = (metadataUrl: string, appType?: Record<string, string>) => new InProcessBot(securedEnv(metadataUrl, appType));

const now = () => Math.floor(Date.now() / 1000);
/** The claims of a token Bot Framework sends to this bot (botbuilder allows five minutes of clock skew). */
const validClaims = () => ({ iss: 'https://api.botframework.com', aud: appId, serviceurl: serviceUrl, iat: now() - 60, nbf: now() - 60, exp: now() + 3600 });

let sequence = 0;
const user = (): TeamsUser => ({ userId: `29:auth-user-${++sequence}`, conversationId: `a:auth-conversation-${sequence}`, locale: 'nl-NL' });

/** Posts a message with this Authorization header; a client timeout stands for "within a few seconds". */
async function post(bot: { url: string }, authorization: string | undefined, fields: Partial<Activity> = {}) {
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify(teamsActivity(serviceUrl, user(), { type: 'message', text: 'start', ...fields })),
    signal: AbortSignal.timeout(10000),
  });
  return { status: response.status, body: await response.text() };
}

/** Nothing a caller could learn about the validation from: no sentence, no reason, no URL, no stack, no key. */
const internals = /[a-z]+\s+[a-z]+|error|:\/\/|key|token|claim|issuer|audience|appid|expired|signature|metadata/i;

let realProcess: BotProcess;
let realProcessStarted: Promise<void>;
beforeAll(async () => {
  serviceUrl = await connector.start();
  await identity.start();
  // The real process starts now and is used last: its start-up overlaps the in-process tests (one waits out the key fetch's 5 s timeout).
  realProcess = new BotProcess(securedEnv(identity.metadataUrl('ok')));
  realProcessStarted = realProcess.start();
  realProcessStarted.catch(() => undefined); // awaited, and so reported, by its describe
});
afterAll(async () => {
  await identity.stop();
  await connector.stop();
});

const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

describe('with an app id, against a fake Bot Framework identity server', () => {
  let bot: InProcessBot;

  beforeAll(async () => {
    bot = securedBot(identity.metadataUrl('ok'));
    await bot.start();
  });
  afterAll(() => bot.stop());

  it('answers a request with a valid token with 200, and its reply reaches the connector with the bot\'s own token', async () => {
    const before = connector.calls.length;
    const response = await post(bot, `Bearer ${identity.sign(validClaims())}`);
    expect(response.status).toBe(200);
    const reply = await connector.waitFor((call) => call.method === 'POST' && call.activity.type === 'message', before);
    expect(stepOf(reply.activity)).toBe('prerequisites.smartphone');
    expect(reply.authorization).toBe(`Bearer ${identity.accessToken}`);
    expect(identity.tokenRequests[0].get('client_id')).toBe(appId);
    expect(identity.tokenRequests[0].get('scope')).toBe('https://api.botframework.com/.default');
  });

  const forged: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['an empty Authorization header', () => ''],
    ['another scheme', () => 'Basic dXNlcjpwYXNz'],
    ['a token that is not a JWT', () => 'Bearer not-a-valid-token'],
    ['a token of three garbage parts', () => 'Bearer a.b.c'],
    ['an unsigned token (alg: none)', () => `Bearer ${identity.sign(validClaims(), { alg: 'none' })}`],
    ['a token signed by another key under the published key id', () => `Bearer ${identity.sign(validClaims(), { key: otherKey })}`],
    ['a token signed by another key under an unknown key id', () => `Bearer ${identity.sign(validClaims(), { key: otherKey, kid: 'attacker-key' })}`],
    ['an expired token', () => `Bearer ${identity.sign({ ...validClaims(), iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })}`],
    ['a token that is not valid yet', () => `Bearer ${identity.sign({ ...validClaims(), nbf: now() + 3600, exp: now() + 7200 })}`],
    ['a token for another bot', () => `Bearer ${identity.sign({ ...validClaims(), aud: '99999999-0000-0000-0000-000000000000' })}`],
    ['a token from another issuer', () => `Bearer ${identity.sign({ ...validClaims(), iss: 'https://evil.example.com' })}`],
    ['a token for another service URL', () => `Bearer ${identity.sign({ ...validClaims(), serviceurl: 'https://smba.trafficmanager.net/evil/' })}`],
    [
      'an emulator-style token signed by another key',
      () => `Bearer ${identity.sign({ ...validClaims(), iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: appId }, { key: otherKey })}`,
    ],
  ];

  it.each(forged)('refuses %s with 401 and a body without internals', async (_name, authorization) => {
    const before = connector.calls.length;
    const response = await post(bot, authorization());
    expect(response.status).toBe(401);
    expect(response.body).not.toMatch(internals);
    expect(connector.calls.length).toBe(before);
  });

  it('fetched the metadata and the keys once for all of these requests', () => {
    expect(identity.countOf('/ok/metadata')).toBe(1);
    expect(identity.countOf('/keys')).toBe(1);
  });

  it('logs why a request was refused, but never the secret', () => {
    expect(bot.log()).toContain('request not authenticated');
    expect(bot.log()).not.toContain(secret);
  });
});

describe('as a single-tenant app', () => {
  let bot: InProcessBot;
  beforeAll(async () => {
    bot = securedBot(identity.metadataUrl('ok'), { MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '72f988bf-0000-0000-0000-000000000001' });
    await bot.start();
  });
  afterAll(() => bot.stop());

  it('answers a valid token and refuses an expired one the same way', async () => {
    expect((await post(bot, `Bearer ${identity.sign(validClaims())}`)).status).toBe(200);
    const expired = await post(bot, `Bearer ${identity.sign({ ...validClaims(), exp: now() - 3600 })}`);
    expect(expired.status).toBe(401);
    expect(expired.body).not.toMatch(internals);
  });
});

describe('when the key metadata cannot be fetched', () => {
  const broken: [string, () => Promise<string>, string | undefined][] = [
    ['refuses connections', async () => `http://127.0.0.1:${await freePort()}/metadata`, undefined],
    ['answers 500', async () => identity.metadataUrl('error500'), '/error500/metadata'],
    ['answers garbage', async () => identity.metadataUrl('garbage'), '/garbage/metadata'],
    ['never answers', async () => identity.metadataUrl('hang'), '/hang/metadata'],
  ];

  it.each(broken)('refuses a valid-looking token with 401 within seconds when the metadata server %s, and does not fetch again for every request', async (_name, metadataUrl, path) => {
    const bot = securedBot(await metadataUrl());
    await bot.start();
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await post(bot, `Bearer ${identity.sign(validClaims())}`);
        expect(response.status).toBe(401);
        expect(response.body).not.toMatch(internals);
      }
      if (path) expect(identity.countOf(path)).toBe(1);
      expect(bot.log()).toContain('token signing keys unavailable');
    } finally {
      await bot.stop();
    }
  });
});

describe('the real process', () => {
  beforeAll(() => realProcessStarted);
  afterAll(() => realProcess.stop());

  it('gives a bad token a bare 401, sends nothing, and logs why but never the secret', async () => {
    const before = connector.calls.length;
    for (const authorization of [undefined, `Bearer ${identity.sign(validClaims(), { key: otherKey })}`]) {
      const response = await post(realProcess, authorization);
      expect(response.status).toBe(401);
      expect(response.body).not.toMatch(internals);
    }
    expect(connector.calls.length).toBe(before);
    await realProcess.waitForLog('request not authenticated');
    expect(realProcess.log()).not.toContain(secret);
  });
});
