import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGraph, type GraphRequestRecord } from '../../test/helpers/fakeGraph';
import { runConnector, type SendRecord } from './connector';
import { peakPerWindow } from './report';

/**
 * Microsoft Graph and the Bot Connector as the rollout sees them, in their own process (ROLLOUT_ROLE=fakes): one
 * group of `users` members over pages of 999, the app in the catalog, ~10% registered for MFA (the report), ~5%
 * with the app installed, and each install answered by Teams' installationUpdate, posted to the bot as Teams would
 * (redelivered a few times while the bot does not answer, as the Bot Framework does).
 */

const root = path.join(__dirname, '../..');
export const groupId = '0f0e0d0c-0000-4000-8000-00000000b001';
export const catalogId = 'c0ffee00-0000-4000-8000-0000000000c1';
export const tenantId = '72f988bf-0000-0000-0000-000000000001';
export const servicedesk = {
  team: { id: '19:team-servicedesk@thread.tacv2' },
  tenant: { id: tenantId },
  channelId: '19:servicedesk@thread.tacv2',
  agent: { id: '29:agent-piet', name: 'Piet de Vries', aadObjectId: 'aad-piet' },
};
const bot = { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' };

export const memberId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** Every tenth member is registered for MFA (skipped); one in twenty others has the app already. */
export const isRegistered = (n: number): boolean => n % 10 === 0;
export const hasApp = (n: number): boolean => n % 20 === 3;
const memberPattern = /([0-9a-f]{8}-0000-4000-8000-\d{12})/;

/** The start of the welcome's first sentence in both languages, before the organisation's name: what marks a welcome card. */
const welcomeMarks = ['nl', 'en'].map((language) => {
  const texts = JSON.parse(readFileSync(path.join(root, 'src/locales', language, 'translation.json'), 'utf8')) as { welcome: { intro: string } };
  return texts.welcome.intro.split('{{')[0].slice(0, 40);
});
const carriesWelcome = (activity: unknown): boolean => {
  const attachments = (activity as { attachments?: unknown[] }).attachments;
  if (!attachments?.length) return false;
  const json = JSON.stringify(attachments);
  return welcomeMarks.some((mark) => json.includes(mark));
};

export type FakesRequest = { type: 'botUrl'; url: string } | { type: 'progress' } | { type: 'results' };

export interface FakesReady {
  graphUrl: string;
  connectorUrl: string;
  manifestAppId: string;
}

export interface FakesProgress {
  /** Members who got at least one welcome so far. */
  welcomed: number;
  /** The servicedesk thread's lines, in order. */
  threadLines: string[];
}

export interface InstallEvents {
  posted: number;
  /** Delivered after one or more failed attempts (the bot was down). */
  redelivered: number;
  /** Never delivered within the attempts. */
  lost: number;
}

export interface FakesResults {
  graph: { usersPeak: number; usersCalls: number; installedAppsPeak: number; identityPeak: number; installedAppsCalls: number; identityCalls: number; installs: number; chats: number; statuses: Record<string, number>; firstAt: number; lastAt: number };
  connector: { sendsPeak: number; sends: number; userSendsPeak: number; userSends: number; firstUserAt: number; lastUserAt: number };
  /** Welcomes per member number (1-based), only those with at least one. */
  welcomes: Record<number, number>;
  /** When each welcome reached the connector (Date.now()), in order. */
  welcomeTimes: number[];
  /** The connector's sends per second over the run (seconds since the first send), to users and all. */
  timeline: Array<{ second: number; users: number; all: number }>;
  installEvents: InstallEvents;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFakes(users: number): Promise<{ ready: FakesReady; handle: (request: FakesRequest) => unknown }> {
  const manifestAppId = (JSON.parse(readFileSync(path.join(root, 'appPackage/manifest.json'), 'utf8')) as { id: string }).id;
  const graph = await new FakeGraph().start();
  graph.memberPageSize = 999;
  graph.addCatalogApp({ id: catalogId, externalId: manifestAppId });
  graph.addGroup(
    groupId,
    Array.from({ length: users }, (_, i) => ({ id: memberId(i + 1), givenName: `Naam${i + 1}`, displayName: `Naam${i + 1} Achternaam`, preferredLanguage: i % 2 ? 'en-GB' : 'nl-NL' })),
  );
  for (let n = 1; n <= users; n++) {
    if (isRegistered(n)) graph.addRegistration({ id: memberId(n), isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] });
    else graph.addRegistration({ id: memberId(n), isMfaRegistered: false, methodsRegistered: [] });
    if (hasApp(n)) graph.installedApps.set(memberId(n), new Set([catalogId]));
  }
  const connector = await runConnector({ teamId: servicedesk.team.id, member: servicedesk.agent }, carriesWelcome);

  let botUrl = '';
  const installEvents: InstallEvents = { posted: 0, redelivered: 0, lost: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let sequence = 0;
  const post = (body: string) =>
    new Promise<number>((resolve) => {
      const request = http.request(`${botUrl}/api/messages`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
      });
      request.setTimeout(20_000, () => request.destroy());
      request.once('error', () => resolve(0));
      request.end(body);
    });
  // What Teams does once an install went through: an installationUpdate in the user's new 1:1 chat, sent again a few times when the bot does not take it.
  graph.onInstall = (userId) =>
    void (async () => {
      installEvents.posted++;
      const activity = {
        type: 'installationUpdate',
        action: 'add',
        id: `1950000${String(++sequence).padStart(6, '0')}`,
        timestamp: new Date(),
        serviceUrl: `${connector.url}/`,
        channelId: 'msteams',
        from: { id: `29:${userId}`, name: '', aadObjectId: userId },
        conversation: { id: `a:${userId}`, conversationType: 'personal', tenantId, isGroup: false, name: '' },
        recipient: bot,
        channelData: { tenant: { id: tenantId } },
      };
      const body = JSON.stringify(activity);
      for (let attempt = 0; attempt < 6; attempt++) {
        const status = await post(body);
        if (status >= 200 && status < 300) {
          if (attempt > 0) installEvents.redelivered++;
          return;
        }
        await sleep(2000);
      }
      installEvents.lost++;
    })();

  const isInstalledApps = /\/users\/[^/]+\/teamwork\/installedApps(\/[^/]+\/chat)?$/;
  const isIdentity = /(\/reports\/authenticationMethods\/userRegistrationDetails|\/authentication\/microsoftAuthenticatorMethods)$/;
  const userOf = (send: SendRecord): number | undefined => {
    const match = memberPattern.exec(send.conversationId);
    return match ? Number(match[1].slice(-12)) : undefined;
  };

  const handle = (request: FakesRequest): unknown => {
    if (request.type === 'botUrl') {
      botUrl = request.url;
      return true;
    }
    const threadLines = connector.sends.filter((send) => send.text !== undefined).map((send) => send.text!);
    if (request.type === 'progress') {
      const welcomed = new Set(connector.sends.filter((send) => send.welcome).map(userOf).filter((n) => n !== undefined));
      return { welcomed: welcomed.size, threadLines } satisfies FakesProgress;
    }
    const installedApps = graph.requestsTo(isInstalledApps);
    const userLookUps = graph.requestsTo(/^\/users\/[^/]+$/);
    const identity = graph.requestsTo(isIdentity);
    const statuses: Record<string, number> = {};
    for (const record of graph.requests) statuses[String(record.status ?? 'none')] = (statuses[String(record.status ?? 'none')] ?? 0) + 1;
    const welcomes: Record<number, number> = {};
    for (const send of connector.sends) {
      const n = send.welcome ? userOf(send) : undefined;
      if (n !== undefined) welcomes[n] = (welcomes[n] ?? 0) + 1;
    }
    const userSends = connector.sends.filter((send) => userOf(send) !== undefined);
    const first = connector.sends[0]?.at ?? 0;
    const timeline: FakesResults['timeline'] = [];
    for (const send of connector.sends) {
      const second = Math.floor((send.at - first) / 1000);
      while (timeline.length <= second) timeline.push({ second: timeline.length, users: 0, all: 0 });
      timeline[second].all++;
      if (userOf(send) !== undefined) timeline[second].users++;
    }
    const at = (records: GraphRequestRecord[]) => records.map((record) => record.at);
    return {
      graph: {
        usersPeak: peakPerWindow(at(userLookUps), 1000),
        usersCalls: userLookUps.length,
        installedAppsPeak: peakPerWindow(at(installedApps), 1000),
        identityPeak: peakPerWindow(at(identity), 10_000),
        installedAppsCalls: installedApps.length,
        identityCalls: identity.length,
        installs: installedApps.filter((record) => record.method === 'POST').length,
        chats: installedApps.filter((record) => record.path.endsWith('/chat')).length,
        statuses,
        firstAt: graph.requests[0]?.at ?? 0,
        lastAt: graph.requests.at(-1)?.at ?? 0,
      },
      connector: {
        sendsPeak: peakPerWindow(connector.sends.map((send) => send.at), 1000),
        sends: connector.sends.length,
        userSendsPeak: peakPerWindow(userSends.map((send) => send.at), 1000),
        userSends: userSends.length,
        firstUserAt: userSends[0]?.at ?? 0,
        lastUserAt: userSends.at(-1)?.at ?? 0,
      },
      welcomes,
      welcomeTimes: connector.sends.filter((send) => send.welcome && userOf(send) !== undefined).map((send) => send.at),
      timeline,
      installEvents,
      threadLines,
      thread: connector.sends.filter((send) => send.text !== undefined).map((send) => ({ at: send.at, text: send.text! })),
    } satisfies FakesResults & { threadLines: string[]; thread: Array<{ at: number; text: string }> };
  };
  return { ready: { graphUrl: graph.baseUrl, connectorUrl: connector.url, manifestAppId }, handle };
}
