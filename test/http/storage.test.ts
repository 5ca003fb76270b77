import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotProcess } from '../helpers/botProcess';
import { Azurite } from '../helpers/azurite';
import { findAction, stepOf, textOf } from '../helpers/cardText';
import { FakeConnector } from '../helpers/fakeConnector';
import { TeamsClient } from '../helpers/teamsClient';
import { teamsActivity, type TeamsUser } from '../helpers/teamsActivity';
import nl from '../../src/locales/nl/translation.json';

jest.setTimeout(90000);

const connector = new FakeConnector();
let serviceUrl = '';
const dir = mkdtempSync(path.join(os.tmpdir(), 'bot-store-'));

beforeAll(async () => {
  serviceUrl = await connector.start();
});
afterAll(async () => {
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

const userOf = (n: number, locale: string): TeamsUser => ({ userId: `29:store-user-${n}`, conversationId: `a:store-conversation-${n}`, locale });

async function walkTo(client: TeamsClient, user: TeamsUser, key: string) {
  let [reply] = await client.post(user, { type: 'message', text: 'start' });
  while (stepOf(reply) !== key) reply = (await client.post(user, { type: 'message', value: findAction(reply, 'next').data })).at(-1)!;
  return reply;
}

type StoreCase = [string, () => Promise<Record<string, string>>, () => Promise<void>];
const azurite = new Azurite();

describe.each<StoreCase>([
  ['SQLite', async () => ({ STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'restart.sqlite') }), async () => undefined],
  ['Blob Storage on Azurite', async () => {
    await azurite.start();
    return { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'restart-test' };
  }, async () => azurite.stop()],
])('with %s', (_name, storeEnv, stopStore) => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = await storeEnv();
  });
  afterAll(() => stopStore());

  it('resumes at the same sub-step, in the same language, after the bot is killed with SIGKILL', async () => {
    const user = userOf(_name === 'SQLite' ? 1 : 2, 'en-US');
    const first = new BotProcess(env);
    await first.start();
    const client = new TeamsClient(connector, serviceUrl, first);
    await client.post(user, { type: 'message', text: 'Nederlands' });
    const card = await walkTo(client, user, 'mfasetup.scanQrCode');
    expect(textOf(card)).toContain('Stap 2 van 3');
    expect(await first.stop('SIGKILL')).toBeNull();

    const second = new BotProcess(env);
    await second.start();
    client.bot = second;
    const [question] = await client.post(user, { type: 'message', text: 'start' });
    expect(textOf(question)).toContain('Je was bij stap 2');
    const [resumed] = await client.post(user, { type: 'message', value: findAction(question, 'resume').data });
    expect(stepOf(resumed)).toBe('mfasetup.scanQrCode');
    expect(textOf(resumed)).toContain('Stap 2 van 3');
    // The old card's button still works after the restart: the dialog itself was kept.
    const [next] = await client.post(user, { type: 'message', value: findAction(card, 'next').data });
    expect(stepOf(next)).toBe('mfasetup.enterNumber');
    await second.stop();
  });
});

describe('duplicates, forgetting and a broken store (SQLite)', () => {
  const bot = new BotProcess({ STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'main.sqlite') });
  let client: TeamsClient;
  beforeAll(async () => {
    await bot.start();
    client = new TeamsClient(connector, serviceUrl, bot);
  });
  afterAll(() => bot.stop());

  it('handles the same activity id once when Teams delivers it twice', async () => {
    const user = userOf(3, 'nl-NL');
    const card = await walkTo(client, user, 'prerequisites.username');
    const press = teamsActivity(serviceUrl, user, { type: 'message', value: findAction(card, 'next').data });
    const first = await client.postActivity(press);
    const again = await client.postActivity(press);
    expect(stepOf(first.at(-1))).toBe('prerequisites.fortiClientVersion');
    expect(again).toEqual([]);
  });

  it('deletes the user\'s data on request and confirms it', async () => {
    const user = userOf(4, 'nl-NL');
    await walkTo(client, user, 'authenticator.openApp');
    const [confirmation] = await client.post(user, { type: 'message', text: 'verwijder mijn gegevens' });
    expect(textOf(confirmation)).toBe(nl.messages.forgotten);
    expect(bot.log()).toMatch(/"message":"user data deleted on request","records":[1-9]/);
    const [fresh] = await client.post(user, { type: 'message', text: 'start' });
    expect(stepOf(fresh)).toBe('prerequisites.smartphone');
  });

  it('apologises and logs what failed when the SQLite file cannot be written, and keeps running', async () => {
    // A regular file where the data folder should be: unwritable even for root (CI runs as root).
    const notAFolder = path.join(dir, 'not-a-folder');
    writeFileSync(notAFolder, 'x');
    const broken = new BotProcess({ STORAGE: 'sqlite', SQLITE_PATH: path.join(notAFolder, 'data', 'bot.sqlite') });
    try {
      await broken.start();
      const brokenClient = new TeamsClient(connector, serviceUrl, broken);
      const replies = await brokenClient.post(userOf(5, 'nl-NL'), { type: 'message', text: 'start' });
      expect(replies.map((r) => r.text)).toContain(nl.messages.storageError.replace('{{servicedesk}}', 'de Servicedesk van Zorgring'));
      expect(broken.log()).toMatch(/cannot open the SQLite store/);
      expect((await fetch(`${broken.url}/healthz`)).status).toBe(200);
    } finally {
      await broken.stop();
    }
  });
});
