import type { Activity } from 'botbuilder';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BotProcess } from '../helpers/botProcess';
import { InProcessBot } from '../helpers/inProcessBot';
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
  const bot = new InProcessBot({ STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'main.sqlite') });
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
    const [question] = await client.post(user, { type: 'message', text: 'verwijder mijn gegevens' });
    expect(textOf(question)).toContain(nl.confirm.heading);
    const [confirmation] = await client.post(user, { type: 'message', text: 'ja, verwijder' });
    expect(textOf(confirmation)).toBe(nl.messages.forgotten);
    expect(bot.log()).toMatch(/"message":"user data deleted on request","records":[1-9]/);
    const [fresh] = await client.post(user, { type: 'message', text: 'start' });
    expect(stepOf(fresh)).toBe('prerequisites.smartphone');
  });

  it('apologises and logs what failed when the SQLite file cannot be written, and keeps running', async () => {
    // A regular file where the data folder should be: unwritable even for root (CI runs as root).
    const notAFolder = path.join(dir, 'not-a-folder');
    writeFileSync(notAFolder, 'x');
    const broken = new InProcessBot({ STORAGE: 'sqlite', SQLITE_PATH: path.join(notAFolder, 'data', 'bot.sqlite') });
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

/** A TCP link on a fixed port of 127.0.0.1 to a target port; closed, it refuses connections and cuts the open ones. */
class Link {
  port = 0;
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: number) {}

  async open(): Promise<void> {
    this.server = net.createServer((socket) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      for (const end of [socket, upstream]) {
        this.sockets.add(end);
        end.on('close', () => this.sockets.delete(end));
        end.on('error', () => undefined);
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

const alwaysOpen = { SERVICEDESK_DAYS: '0-6', SERVICEDESK_OPENS: '00:00', SERVICEDESK_CLOSES: '24:00' };

/** Registers a servicedesk channel and goes through the handoff; resolves with the ticket number the user got. */
async function escalateVia(client: TeamsClient, user: TeamsUser, bot: { log(): string }): Promise<string> {
  const team = { id: '19:team-store@thread.tacv2' };
  const agent = { id: '29:agent-store', name: 'Piet de Vries', aadObjectId: 'aad-piet-store' };
  connector.addMember(team.id, agent);
  connector.addMember(user.conversationId, { id: user.userId, name: 'Jan Jansen', userPrincipalName: 'jan.store@central.zorgring.nl', aadObjectId: 'aad-jan-store' });
  const channel = '19:store-desk@thread.tacv2';
  await client.postActivity({
    ...teamsActivity(serviceUrl, user, { type: 'message', text: '<at>2FA Servicedesk</at> registreer' }),
    from: agent,
    conversation: { id: `${channel};messageid=1990000000001`, conversationType: 'channel', isGroup: true, tenantId: '72f988bf-0000-0000-0000-000000000001', name: '' },
    channelData: { team, channel: { id: channel }, tenant: { id: '72f988bf-0000-0000-0000-000000000001' } },
    entities: [{ type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } }],
  } as Partial<Activity>);
  await client.post(user, { type: 'message', text: 'ik wil een medewerker' });
  await client.post(user, { type: 'message', value: { action: 'handoff', choice: 'confirm' } });
  await client.post(user, { type: 'message', value: { action: 'handoff', choice: 'skip' } });
  const created = (await client.post(user, { type: 'message', value: { action: 'handoff', choice: 'consent' } })).at(-1);
  try {
    return String(findAction(created, 'cancelTicket').data.ticket);
  } catch {
    throw new Error(`no ticket: ${JSON.stringify(created)}\n${bot.log().slice(-2000)}`);
  }
}

describe('a store that fails while the bot runs recovers by itself, without a restart', () => {
  const apology = nl.messages.storageError.replace('{{servicedesk}}', 'de Servicedesk van Zorgring');
  const texts = (replies: Partial<Activity>[]) => replies.map((reply) => reply.text);

  it('SQLite that could not be opened at start-up: apologises, then works (tickets too) once its folder can be made', async () => {
    const blocked = path.join(dir, 'late-folder');
    writeFileSync(blocked, 'x');
    const bot = new InProcessBot({ STORAGE: 'sqlite', SQLITE_PATH: path.join(blocked, 'bot.sqlite'), TICKET_RETRY_SECONDS: '1', ...alwaysOpen });
    try {
      await bot.start();
      const client = new TeamsClient(connector, serviceUrl, bot);
      const user = userOf(6, 'nl-NL');
      expect(texts(await client.post(user, { type: 'message', text: 'start' }))).toContain(apology);
      rmSync(blocked);
      expect(stepOf(await walkTo(client, user, 'prerequisites.username'))).toBe('prerequisites.username');
      const number = await escalateVia(client, user, bot);
      expect(Number(number)).toBeGreaterThanOrEqual(1001);
    } finally {
      await bot.stop();
    }
  });

  it('SQLite locked by another process for a while: apologises meanwhile, keeps what was stored, and goes on once the lock is gone', async () => {
    const file = path.join(dir, 'locked.sqlite');
    const bot = new InProcessBot({ STORAGE: 'sqlite', SQLITE_PATH: file });
    const other = new Database(file);
    try {
      await bot.start();
      const client = new TeamsClient(connector, serviceUrl, bot);
      const user = userOf(7, 'nl-NL');
      const card = await walkTo(client, user, 'authenticator.installApp');
      other.exec('BEGIN EXCLUSIVE');
      expect(texts(await client.post(user, { type: 'message', value: findAction(card, 'next').data }))).toContain(apology);
      other.exec('COMMIT');
      const [question] = await client.post(user, { type: 'message', text: 'start' });
      expect(textOf(question)).toContain('Je was bij');
      const [resumed] = await client.post(user, { type: 'message', value: findAction(question, 'resume').data });
      expect(stepOf(resumed)).toBe('authenticator.installApp');
      expect(bot.log()).toMatch(/cannot (write to|read from) the SQLite store/);
    } finally {
      other.close();
      await bot.stop();
    }
  });

  it('Blob Storage that cannot be reached, at start-up and later: apologises meanwhile, and once it answers again goes on where the user was', async () => {
    const blobs = new Azurite();
    await blobs.start();
    // The bot reaches Azurite through a port that the test can close and open again: the store is down, then back.
    const link = new Link(blobs.port);
    await link.open();
    await link.close();
    const bot = new InProcessBot({ STORAGE: 'blob', BLOB_CONNECTION_STRING: blobs.connectionString.replace(`:${blobs.port}/`, `:${link.port}/`), BLOB_CONTAINER: 'comes-back' });
    try {
      await bot.start();
      const client = new TeamsClient(connector, serviceUrl, bot);
      const user = userOf(8, 'nl-NL');
      // Down from the start: even the container cannot be created yet.
      expect(texts(await client.post(user, { type: 'message', text: 'start' }))).toContain(apology);
      await link.open();
      const card = await walkTo(client, user, 'authenticator.installApp');
      await link.close();
      expect(texts(await client.post(user, { type: 'message', value: findAction(card, 'next').data }))).toContain(apology);
      await link.open();
      const [question] = await client.post(user, { type: 'message', text: 'start' });
      expect(textOf(question)).toContain('Je was bij');
      const [resumed] = await client.post(user, { type: 'message', value: findAction(question, 'resume').data });
      expect(stepOf(resumed)).toBe('authenticator.installApp');
    } finally {
      await bot.stop();
      await link.close();
      await blobs.stop();
    }
  });
});
