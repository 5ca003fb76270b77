import type { Logger } from '../core/logger';
import type { Unavailable } from './directory';
import { graphPath, type GraphAnswer, type GraphGateway, type GraphOperation } from './graphGateway';
import { isObjectId } from './objectId';
import type {
  CallOptions,
  CatalogAnswer,
  ChatAnswer,
  GroupMember,
  GroupMembersAnswer,
  InstallAnswer,
  InstalledAnswer,
  RegistrationFilter,
  RegistrationReportAnswer,
  RolloutGraph,
  UserRegistration,
} from './rollout';

export interface GraphRolloutOptions {
  /** Up to and with the version, as configured (GRAPH_BASE_URL): the install binds the catalog app under it. */
  baseUrl: string;
  /** The app's id in appPackage/manifest.json, looked up in the org catalog as `externalId`. */
  manifestAppId?: string;
  /** The catalog id itself, when configured: then nothing is looked up. */
  catalogAppId?: string;
  /** At most this many pages of members (999 each) per group. */
  maxMemberPages?: number;
  /** At most this many pages of the registration report. */
  maxReportPages?: number;
}

/** What the rollout uses of a member, and no more: the invitation greets by first name, in the user's language. */
const memberFields = 'id,givenName,preferredLanguage';
/** Graph's largest page for members (default 100). $count=true with ConsistencyLevel: eventual, as Graph asks for an OData cast. */
const memberPageSize = '999';
const defaultMaxMemberPages = 100;
const defaultMaxReportPages = 200;
/** A name longer than this is cut. */
const maxNameLength = 256;
/** Graph's installation ids are base64-like strings; anything else is refused before a call. */
const installationIdPattern = /^[A-Za-z0-9+/=_-]{1,400}$/;
/** A Teams chat id as Graph gives it ("19:…@unq.gbl.spaces", "19:…@thread.v2"). */
const chatIdPattern = /^19:[A-Za-z0-9._:@-]{1,300}$/;
const languagePattern = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** The report's lines the rollout needs: those registered for MFA (and only their id and methods are read). */
const reportFilters: Record<RegistrationFilter, string> = {
  mfaRegistered: 'isMfaRegistered eq true',
};

const text = (value: unknown, max: number): string | undefined => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.length > max ? value.slice(0, max) : value;
};

function readMember(item: unknown): GroupMember | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const fields = item as Record<string, unknown>;
  if (!isObjectId(fields.id)) return undefined;
  const member: GroupMember = { id: fields.id.toLowerCase() };
  const givenName = text(fields.givenName, maxNameLength);
  const language = typeof fields.preferredLanguage === 'string' && languagePattern.test(fields.preferredLanguage) ? fields.preferredLanguage : undefined;
  if (givenName) member.givenName = givenName;
  if (language) member.preferredLanguage = language;
  return member;
}

function readRegistration(item: unknown): UserRegistration | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const fields = item as Record<string, unknown>;
  if (!isObjectId(fields.id)) return undefined;
  const methods = Array.isArray(fields.methodsRegistered) ? fields.methodsRegistered.filter((method): method is string => typeof method === 'string' && method.length <= 100) : [];
  return { id: fields.id.toLowerCase(), isMfaRegistered: fields.isMfaRegistered === true, methodsRegistered: methods };
}

type Pages<T> = { kind: 'items'; items: T[]; pages: number } | { kind: 'unavailable'; reason: Unavailable | 'noLicence' | 'tooLarge' };

/** A gateway answer that is not ok, as a reason: conflict means nothing here but a failure. */
const reasonOf = (answer: Exclude<GraphAnswer, { kind: 'ok' }>): Unavailable | 'noLicence' => (answer.kind === 'conflict' ? 'failed' : answer.kind);

/** Outside the report, a missing licence is just a refusal. */
const withoutLicence = <R extends string>(reason: R | 'noLicence'): R | 'forbidden' => (reason === 'noLicence' ? 'forbidden' : reason);

/**
 * The RolloutGraph on Microsoft Graph, through the shared gateway (its limiter buckets, outcomes and Retry-After):
 * members and the catalog in the users bucket, installedApps GET and POST in the teamsApps bucket (30 per second),
 * the report in the identity bucket it shares with the authenticator look-ups (5 per 10 s). Never rejects; ids that
 * are not GUIDs are refused before any call; logs carry the operation and outcome only, no id, UPN or link.
 */
export class GraphRollout implements RolloutGraph {
  readonly enabled = true;
  private catalog?: Promise<CatalogAnswer>;

  constructor(
    private readonly gateway: GraphGateway,
    private readonly logger: Logger,
    private readonly options: GraphRolloutOptions,
  ) {}

  async groupMembers(groupId: string, options: CallOptions = {}): Promise<GroupMembersAnswer> {
    if (!isObjectId(groupId)) return { kind: 'unavailable', reason: 'invalidId' };
    const path = graphPath(`/groups/${groupId.toLowerCase()}/transitiveMembers/microsoft.graph.user`, { $select: memberFields, $top: memberPageSize, $count: 'true' });
    const pages = await this.allPages('groupMembers', path, { ConsistencyLevel: 'eventual' }, options, this.options.maxMemberPages ?? defaultMaxMemberPages, readMember);
    if (pages.kind === 'unavailable') return { kind: 'unavailable', reason: withoutLicence(pages.reason) };
    // A user in two nested groups is one member.
    const byId = new Map(pages.items.map((member) => [member.id, member]));
    return { kind: 'members', members: [...byId.values()], pages: pages.pages };
  }

  catalogId(options: CallOptions = {}): Promise<CatalogAnswer> {
    this.catalog ??= this.lookUpCatalogId(options).then((answer) => {
      // Only a found id is kept: a failure is asked again next time.
      if (answer.kind !== 'found') this.catalog = undefined;
      return answer;
    });
    return this.catalog;
  }

  async installed(userId: string, catalogId: string, options: CallOptions = {}): Promise<InstalledAnswer> {
    if (!isObjectId(userId) || !isObjectId(catalogId)) return { kind: 'unavailable', reason: 'invalidId' };
    const path = graphPath(`/users/${userId.toLowerCase()}/teamwork/installedApps`, { $expand: 'teamsApp', $filter: `teamsApp/id eq '${catalogId.toLowerCase()}'` });
    const answer = await this.gateway.send('installedApps', { path, timeoutMs: options.timeoutMs });
    if (answer.kind !== 'ok') {
      return { kind: 'unavailable', reason: withoutLicence(reasonOf(answer)) };
    }
    const value = (answer.body as { value?: unknown } | null | undefined)?.value;
    if (!Array.isArray(value)) return this.malformed('installedApps');
    const installation = value.find((item: { teamsApp?: { id?: unknown } } | null) => typeof item?.teamsApp?.id === 'string' && item.teamsApp.id.toLowerCase() === catalogId.toLowerCase()) as
      | { id?: unknown }
      | undefined;
    if (!installation) return { kind: 'notInstalled' };
    return typeof installation.id === 'string' && installation.id.length <= 1000 ? { kind: 'installed', installationId: installation.id } : { kind: 'installed' };
  }

  async install(userId: string, catalogId: string, options: CallOptions = {}): Promise<InstallAnswer> {
    if (!isObjectId(userId) || !isObjectId(catalogId)) return { kind: 'unavailable', reason: 'invalidId' };
    const base = this.options.baseUrl.replace(/\/+$/, '');
    const answer = await this.gateway.send('installApp', {
      method: 'POST',
      path: `/users/${userId.toLowerCase()}/teamwork/installedApps`,
      body: { 'teamsApp@odata.bind': `${base}/appCatalogs/teamsApps/${catalogId.toLowerCase()}` },
      timeoutMs: options.timeoutMs,
    });
    if (answer.kind === 'ok') return { kind: 'installed', already: false };
    if (answer.kind === 'conflict') return { kind: 'installed', already: true };
    return { kind: 'unavailable', reason: withoutLicence(reasonOf(answer)) };
  }

  async chat(userId: string, installationId: string, options: CallOptions = {}): Promise<ChatAnswer> {
    if (!isObjectId(userId) || !installationIdPattern.test(installationId)) return { kind: 'unavailable', reason: 'invalidId' };
    const path = `/users/${userId.toLowerCase()}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`;
    const answer = await this.gateway.send('installedAppChat', { path, timeoutMs: options.timeoutMs });
    if (answer.kind !== 'ok') return { kind: 'unavailable', reason: withoutLicence(reasonOf(answer)) };
    const id = (answer.body as { id?: unknown } | null | undefined)?.id;
    if (typeof id !== 'string' || !chatIdPattern.test(id)) return this.malformed('installedAppChat');
    return { kind: 'chat', chatId: id };
  }

  async registrationReport(filter: RegistrationFilter, options: CallOptions = {}): Promise<RegistrationReportAnswer> {
    const path = graphPath('/reports/authenticationMethods/userRegistrationDetails', { $filter: reportFilters[filter] });
    const pages = await this.allPages('registrationReport', path, undefined, options, this.options.maxReportPages ?? defaultMaxReportPages, readRegistration);
    if (pages.kind === 'unavailable') return pages;
    return { kind: 'report', registrations: pages.items, pages: pages.pages };
  }

  private async lookUpCatalogId(options: CallOptions): Promise<CatalogAnswer> {
    const configured = this.options.catalogAppId;
    if (configured !== undefined) {
      if (isObjectId(configured)) return { kind: 'found', catalogId: configured.toLowerCase() };
      this.logger.warn('Microsoft Graph: the configured catalog app id is not a GUID');
      return { kind: 'unavailable', reason: 'notFound' };
    }
    const manifestId = this.options.manifestAppId;
    if (!isObjectId(manifestId)) {
      this.logger.warn('Microsoft Graph: no manifest app id (a GUID) to look up in the app catalog');
      return { kind: 'unavailable', reason: 'notFound' };
    }
    const path = graphPath('/appCatalogs/teamsApps', { $filter: `externalId eq '${manifestId.toLowerCase()}'` });
    const answer = await this.gateway.send('appCatalog', { path, timeoutMs: options.timeoutMs });
    if (answer.kind !== 'ok') {
      return { kind: 'unavailable', reason: withoutLicence(reasonOf(answer)) };
    }
    const value = (answer.body as { value?: unknown } | null | undefined)?.value;
    if (!Array.isArray(value)) return this.malformed('appCatalog');
    const app = value.find((item: { id?: unknown } | null) => isObjectId(item?.id)) as { id: string } | undefined;
    if (!app) {
      this.logger.warn('Microsoft Graph: the app is not in the organisation\'s app catalog');
      return { kind: 'unavailable', reason: 'notFound' };
    }
    return { kind: 'found', catalogId: app.id.toLowerCase() };
  }

  /** Every page from `firstPath` on, following `@odata.nextLink` only under the base URL, at most `maxPages`. */
  private async allPages<T>(
    operation: GraphOperation,
    firstPath: string,
    headers: Record<string, string> | undefined,
    options: CallOptions,
    maxPages: number,
    read: (item: unknown) => T | undefined,
  ): Promise<Pages<T>> {
    const items: T[] = [];
    let path: string | undefined = firstPath;
    let pages = 0;
    while (path !== undefined) {
      if (pages >= maxPages) {
        this.logger.warn('Microsoft Graph list longer than allowed', { operation, pages });
        return { kind: 'unavailable', reason: 'tooLarge' };
      }
      const answer = await this.gateway.send(operation, { path, headers, timeoutMs: options.timeoutMs });
      pages++;
      if (answer.kind !== 'ok') return { kind: 'unavailable', reason: reasonOf(answer) };
      const body = answer.body as { value?: unknown; '@odata.nextLink'?: unknown } | null | undefined;
      if (!Array.isArray(body?.value)) return this.malformed(operation);
      for (const item of body.value) {
        const entry = read(item);
        if (entry !== undefined) items.push(entry);
      }
      const link = body['@odata.nextLink'];
      if (link === undefined || link === null) break;
      path = this.gateway.nextPath(link);
      if (path === undefined) {
        this.logger.warn('Microsoft Graph nextLink refused: not under the configured base URL', { operation, pages });
        return { kind: 'unavailable', reason: 'failed' };
      }
    }
    return { kind: 'items', items, pages };
  }

  private malformed(operation: string): { kind: 'unavailable'; reason: 'failed' } {
    this.logger.warn('Microsoft Graph answer not understood', { operation });
    return { kind: 'unavailable', reason: 'failed' };
  }
}
