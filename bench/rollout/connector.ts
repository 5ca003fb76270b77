import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One send the bot made to the connector (an activity posted or updated, or a new conversation), as counted against Teams' limit. */
export interface SendRecord {
  at: number;
  conversationId: string;
  /** The activity's text (kept for the servicedesk thread only, where the progress lines go). */
  text?: string;
  /** The activity carries the welcome card (the invitation, or the install event's welcome). */
  welcome: boolean;
}

/** Who the connector knows as a member of the servicedesk team (the agent who runs the rollout). */
export interface TeamMember {
  teamId: string;
  member: { id: string; name: string; aadObjectId: string };
}

/**
 * A fake Bot Connector on 127.0.0.1 for the rollout benchmark: every send recorded with its time and conversation,
 * member look-ups answered (the servicedesk team has the agent; a 1:1 chat has its user), threads created.
 * `isWelcome` says whether an activity carries the welcome card.
 */
export async function runConnector(team: TeamMember, isWelcome: (activity: unknown) => boolean): Promise<{ url: string; sends: SendRecord[]; stop: () => Promise<void> }> {
  const sends: SendRecord[] = [];
  let counter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      const json = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const url = req.url ?? '';
      const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(url);
      if (member && req.method === 'GET') {
        const [conversation, user] = [decodeURIComponent(member[1]), decodeURIComponent(member[2])];
        if (conversation === team.teamId) return user === team.member.id ? json(200, team.member) : json(404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } });
        // A 1:1 chat's own user (29:<object id> for the group's members, 29:bench-… for the driven chats).
        const objectId = user.replace(/^29:/, '');
        return json(200, { id: user, name: 'Jan Jansen', givenName: 'Jan', surname: 'Jansen', userPrincipalName: `${objectId.slice(0, 20)}@central.zorgring.nl`, aadObjectId: objectId });
      }
      if (/^\/v3\/conversations\/([^/]+)\/pagedmembers/.test(url) && req.method === 'GET') {
        const id = decodeURIComponent(/^\/v3\/conversations\/([^/]+)\//.exec(url)![1]);
        return json(200, { members: id === team.teamId ? [team.member] : [] });
      }
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      if (url === '/v3/conversations' && req.method === 'POST') {
        const channelId = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'unknown';
        const id = `1800000${String(++counter).padStart(6, '0')}`;
        sends.push({ at, conversationId: channelId, welcome: false });
        return json(201, { id: `${channelId};messageid=${id}`, activityId: id });
      }
      const activity = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url);
      if (!activity || !['POST', 'PUT'].includes(req.method ?? '')) return json(404, { error: { code: 'NotFound', message: 'not a route of this connector' } });
      const conversationId = decodeURIComponent(activity[1]);
      const text = conversationId.includes(';messageid=') && typeof body.text === 'string' ? body.text : undefined;
      sends.push({ at, conversationId, text, welcome: isWelcome(body) });
      json(200, { id: `reply-${++counter}` });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sends,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
