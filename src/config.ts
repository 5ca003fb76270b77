import { readFileSync } from 'node:fs';
import path from 'node:path';
import organisationDefaults from './organisation.json';
import { languages, type Language } from './i18n/language';
import { ConfigError, ContentError } from './core/errors';
import { isLoopbackHost, isLoopbackUrl } from './core/loopback';
import type { LogLevel } from './core/logger';
import { projectRoot } from './core/paths';

export interface OrganisationConfig {
  name: string;
  upnDomain: string;
  links: {
    mfaSetup: string;
    appStore: string;
    googlePlay: string;
    commonProblems: Record<Language, string>;
  };
  fortiClient: {
    minimumVersion: string;
    vpnType: string;
    connectionName: string;
    remoteGateway: string;
    port: number;
    singleSignOn: boolean;
    externalBrowser: boolean;
    clientCertificate: string;
  };
  servicedesk: {
    phone: string;
    email: string;
    url: string;
    hours: OfficeHours;
  };
  /** Values that are still the examples of src/organisation.json (its "examples"), not the organisation's; none in production, which refuses them. */
  examples: ExampleValue[];
}

/**
 * The values src/organisation.json may mark as examples, by dotted path, and the variable that confirms each:
 * a value counts as the organisation's once its variable sets it.
 */
const exampleVariables = {
  'fortiClient.connectionName': 'VPN_CONNECTION_NAME',
  'fortiClient.remoteGateway': 'VPN_REMOTE_GATEWAY',
  'fortiClient.port': 'VPN_PORT',
  'servicedesk.phone': 'SERVICEDESK_PHONE',
  'servicedesk.email': 'SERVICEDESK_EMAIL',
  'servicedesk.hours.open': 'SERVICEDESK_OPENS',
  'servicedesk.hours.close': 'SERVICEDESK_CLOSES',
  'servicedesk.hours.days': 'SERVICEDESK_DAYS',
} as const;

export type ExamplePath = keyof typeof exampleVariables;

/** A value that is an example, not the organisation's: where it is, the variable that sets the real one, and the example itself. */
export interface ExampleValue {
  path: ExamplePath;
  variable: string;
  example: string;
}

/** When the servicedesk answers tickets: on `days` (0 = Sunday … 6 = Saturday) from `open` to `close` in `timeZone`. */
export interface OfficeHours {
  open: string;
  close: string;
  days: number[];
  timeZone: string;
}

/** The servicedesk side of the handoff. */
export interface HandoffConfig {
  /** Language of the ticket cards and thread notes the agents read. */
  agentLanguage: Language;
  /** A ticket whose channel post failed is posted again after this many seconds (and every time after). */
  retrySeconds: number;
  /** A claim on a ticket's channel post holds this long; one left by a killed process is taken over after it. */
  postLeaseSeconds: number;
  /** When set (required in production), only this team may register its channel and receive tickets. */
  teamId: string;
}

/** The standard Bot Framework keys (empty is unset) for ConfigurationBotFrameworkAuthentication, see src/bot/authentication.ts. */
export interface BotAuthConfig {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId: string;
  /** Where the keys that sign Bot Framework tokens are published (default: Bot Framework's public cloud). */
  ToBotFromChannelOpenIdMetadataUrl: string;
  ToBotFromEmulatorOpenIdMetadataUrl: string;
  /** Where the bot gets its own token for the Bot Connector (default: login.microsoftonline.com). */
  ToChannelFromBotLoginUrl: string;
}

export type StorageKind = 'sqlite' | 'blob' | 'memory';

export interface StorageConfig {
  kind: StorageKind;
  /** SQLite file (STORAGE=sqlite). */
  sqlitePath: string;
  /** Azure Blob Storage (STORAGE=blob). */
  blobConnectionString: string;
  blobContainer: string;
  /** Knowledge-base events older than this many days are purged. */
  retentionDays: number;
}

/** Calls to the Bot Connector. */
export interface OutboundConfig {
  /** One attempt's timeout; a call is retried (bounded) or fails with OutboundTimeoutError. */
  timeoutMs: number;
}

/** How the bot proves itself to Microsoft Graph (application permissions, app-only). */
export type GraphCredential =
  | { kind: 'clientSecret'; secret: string }
  | { kind: 'certificate'; path: string }
  /** The host's managed identity: system-assigned, or the user-assigned one with this client id. */
  | { kind: 'managedIdentity'; clientId?: string }
  /** A fixed bearer token for a fake Graph on this machine (tests, local runs); never in production. */
  | { kind: 'localFakeToken' };

/** Microsoft Graph: off (every Graph feature steps aside) unless a tenant, a client id and one credential are set. */
export type GraphConfig =
  | { enabled: false; /** What is missing, for the one start-up log line. */ missing: string }
  | {
      enabled: true;
      tenantId: string;
      clientId: string;
      credential: GraphCredential;
      /** Up to and with the version, e.g. https://graph.microsoft.com/v1.0. */
      baseUrl: string;
      /** A call made in a turn resolves (with an outcome) within this many milliseconds. */
      timeoutMs: number;
    };

/** The rollout from the servicedesk channel ("uitrol <groep>"); it needs Graph. */
export interface RolloutConfig {
  /** The app's id in the manifest (appPackage/manifest.json), looked up in the organisation's catalog; empty when neither is there. */
  manifestAppId: string;
  /** The app's id in the organisation's catalog, when known: then it is not looked up (no AppCatalog.Read.All needed). */
  catalogAppId?: string;
  /** The bot's own messages in a rollout, per second (Teams: 50 per app per tenant for everything the bot sends). */
  messagesPerSecond: number;
  /** How long after an install the rollout waits for Teams' install event before it writes to the user itself. */
  installGraceSeconds: number;
  /** Progress is posted in the thread this often while a rollout runs. */
  progressSeconds: number;
  /** "herinner" reminds those whose last step is older than this. */
  stalledHours: number;
}

/** The Teams tabs (the guide, the servicedesk's dashboard). */
export interface TabsConfig {
  /** Where `npm run build` put the tab bundles (scripts/buildTabs.ts). */
  buildDir: string;
  /** How the dashboard's API checks the Teams SSO token of the tab. */
  sso: TabSsoConfig;
}

/** The dashboard tab's single sign-on (the manifest's webApplicationInfo): what a Teams SSO token must say. */
export interface TabSsoConfig {
  /** The Entra app the tab's token is for (v2 tokens: its `aud`); MicrosoftAppId by default. */
  appId: string;
  /** The organisation's tenant (`tid`, and in `iss`); MicrosoftAppTenantId by default. Without it no token is accepted. */
  tenantId: string;
  /** The v1 token's `aud`: webApplicationInfo.resource, `api://<public host>/botid-<app id>` by default. */
  resource: string;
  /** Where Entra publishes the signing keys (https; http only on 127.0.0.1, a test's fake). */
  jwksUrl: string;
  /** How long a fetch of the keys may take. */
  jwksTimeoutMs: number;
  /** The client apps whose tokens count (`azp` in v2, `appid` in v1): Teams and the Microsoft 365 hosts that run tabs. */
  clientIds: string[];
  /**
   * Local development without Teams (TABS_DEV_MODE=true): the API answers without a token, as a fixed development
   * user. Refused with MicrosoftAppId set and on a HOST other than this machine.
   */
  devMode: boolean;
}

export interface AppConfig {
  port: number;
  host: string;
  publicBaseUrl: string;
  logLevel: LogLevel;
  botAuth: BotAuthConfig;
  storage: StorageConfig;
  organisation: OrganisationConfig;
  handoff: HandoffConfig;
  outbound: OutboundConfig;
  graph: GraphConfig;
  rollout: RolloutConfig;
  tabs: TabsConfig;
}

type Env = Record<string, string | undefined>;

const appTypes = ['multitenant', 'singletenant', 'userassignedmsi'];
const logLevels: LogLevel[] = ['debug', 'info', 'warn', 'error'];

function text(env: Env, key: string, fallback: string): string {
  const value = env[key];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, key: string, fallback: string, { allowEmpty = false } = {}): string {
  const value = text(env, key, fallback);
  if (value === '' && allowEmpty) return value;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(key, `must be an absolute URL, got "${value}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(key, `must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

function time(env: Env, key: string, fallback: string, { allowMidnightEnd = false } = {}): string {
  const value = text(env, key, fallback);
  if (allowMidnightEnd && value === '24:00') return value;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new ConfigError(key, `must be a time as HH:MM, got "${value}"`);
  return value;
}

/** "1-5" (Monday to Friday) or "1,2,3,4,5,6"; 0 is Sunday. */
function weekdays(env: Env, key: string, fallback: number[]): number[] {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const days = new Set<number>();
  for (const part of raw.split(',')) {
    const range = /^\s*([0-6])\s*(?:-\s*([0-6])\s*)?$/.exec(part);
    if (!range) throw new ConfigError(key, `must be days 0–6 (0 is Sunday) as "1-5" or "1,2,3", got "${raw}"`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw new ConfigError(key, `has a range that runs backwards: "${part.trim()}"`);
    for (let day = from; day <= to; day++) days.add(day);
  }
  return [...days].sort();
}

function timeZone(env: Env, key: string, fallback: string): string {
  const value = text(env, key, fallback);
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new ConfigError(key, `must be an IANA time zone such as Europe/Amsterdam, got "${value}"`);
  }
  return value;
}

/** An identity endpoint: https, or http on this machine only (a test's fake identity server). */
function identityUrl(env: Env, key: string): string {
  const value = url(env, key, '', { allowEmpty: true });
  if (value && new URL(value).protocol === 'http:' && !isLoopbackUrl(value)) {
    throw new ConfigError(key, `must be an https URL (http only on 127.0.0.1), got "${value}"`);
  }
  return value;
}

function loadBotAuth(env: Env): BotAuthConfig {
  const auth: BotAuthConfig = {
    MicrosoftAppId: text(env, 'MicrosoftAppId', ''),
    MicrosoftAppPassword: text(env, 'MicrosoftAppPassword', ''),
    MicrosoftAppType: text(env, 'MicrosoftAppType', ''),
    MicrosoftAppTenantId: text(env, 'MicrosoftAppTenantId', ''),
    ToBotFromChannelOpenIdMetadataUrl: identityUrl(env, 'ToBotFromChannelOpenIdMetadataUrl'),
    ToBotFromEmulatorOpenIdMetadataUrl: identityUrl(env, 'ToBotFromEmulatorOpenIdMetadataUrl'),
    ToChannelFromBotLoginUrl: identityUrl(env, 'ToChannelFromBotLoginUrl'),
  };
  if (auth.MicrosoftAppType && !appTypes.includes(auth.MicrosoftAppType.toLowerCase())) {
    throw new ConfigError('MicrosoftAppType', 'must be MultiTenant, SingleTenant or UserAssignedMSI');
  }
  const type = auth.MicrosoftAppType.toLowerCase();
  if (auth.MicrosoftAppId && type === 'singletenant' && !auth.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
  }
  if (auth.MicrosoftAppId && type !== 'userassignedmsi' && !auth.MicrosoftAppPassword) {
    throw new ConfigError('MicrosoftAppPassword', 'is required when MicrosoftAppId is set');
  }
  return auth;
}

function loadOrganisation(env: Env): OrganisationConfig {
  const defaults = organisationDefaults;
  const upnDomain = text(env, 'UPN_DOMAIN', defaults.upnDomain);
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(upnDomain)) throw new ConfigError('UPN_DOMAIN', `must be a domain name, got "${upnDomain}"`);
  const organisation: Omit<OrganisationConfig, 'examples'> = {
    name: text(env, 'ORGANISATION_NAME', defaults.name),
    upnDomain,
    links: {
      mfaSetup: url(env, 'MFA_SETUP_URL', defaults.links.mfaSetup),
      appStore: url(env, 'APP_STORE_URL', defaults.links.appStore),
      googlePlay: url(env, 'GOOGLE_PLAY_URL', defaults.links.googlePlay),
      commonProblems: {
        nl: url(env, 'COMMON_PROBLEMS_URL_NL', defaults.links.commonProblems.nl),
        en: url(env, 'COMMON_PROBLEMS_URL_EN', defaults.links.commonProblems.en),
      },
    },
    fortiClient: {
      minimumVersion: text(env, 'FORTICLIENT_MINIMUM_VERSION', defaults.fortiClient.minimumVersion),
      vpnType: defaults.fortiClient.vpnType,
      connectionName: text(env, 'VPN_CONNECTION_NAME', defaults.fortiClient.connectionName),
      remoteGateway: text(env, 'VPN_REMOTE_GATEWAY', defaults.fortiClient.remoteGateway),
      port: integer(env, 'VPN_PORT', defaults.fortiClient.port, 1, 65535),
      singleSignOn: defaults.fortiClient.singleSignOn,
      externalBrowser: text(env, 'VPN_EXTERNAL_BROWSER', String(defaults.fortiClient.externalBrowser)) === 'true',
      clientCertificate: defaults.fortiClient.clientCertificate,
    },
    servicedesk: {
      phone: text(env, 'SERVICEDESK_PHONE', defaults.servicedesk.phone),
      email: text(env, 'SERVICEDESK_EMAIL', defaults.servicedesk.email),
      url: url(env, 'SERVICEDESK_URL', defaults.servicedesk.url, { allowEmpty: true }),
      hours: loadOfficeHours(env, defaults.servicedesk.hours),
    },
  };
  return { ...organisation, examples: unconfirmedExamples(env, defaults.examples, organisation) };
}

/** The values marked as examples in src/organisation.json that no environment variable has set. */
function unconfirmedExamples(env: Env, marked: string[], organisation: Omit<OrganisationConfig, 'examples'>): ExampleValue[] {
  const isExamplePath = (path: string): path is ExamplePath => Object.hasOwn(exampleVariables, path);
  const examples: ExampleValue[] = [];
  for (const path of marked) {
    if (!isExamplePath(path)) {
      throw new ContentError('src/organisation.json', `"examples" lists "${path}", which is not one of ${Object.keys(exampleVariables).join(', ')}`);
    }
    const variable = exampleVariables[path];
    if (text(env, variable, '') !== '') continue;
    const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], organisation);
    examples.push({ path, variable, example: Array.isArray(value) ? value.join(',') : String(value) });
  }
  return examples;
}

/** Production shows people only the organisation's own values: every example still unconfirmed stops the start. */
function requireConfirmedExamples(examples: ExampleValue[]): void {
  if (examples.length === 0) return;
  const list = examples.map(({ variable, path, example }) => `${variable} (${path}, example "${example}")`).join(', ');
  throw new ConfigError(
    examples.map(({ variable }) => variable).join(', '),
    `must be set when MicrosoftAppId is set: src/organisation.json has only examples for them, not your organisation's values: ${list}. Set each to the real value (an example that is right counts once its variable is set to it).`,
  );
}

function loadOfficeHours(env: Env, defaults: OfficeHours): OfficeHours {
  const hours: OfficeHours = {
    open: time(env, 'SERVICEDESK_OPENS', defaults.open),
    close: time(env, 'SERVICEDESK_CLOSES', defaults.close, { allowMidnightEnd: true }),
    days: weekdays(env, 'SERVICEDESK_DAYS', defaults.days),
    timeZone: timeZone(env, 'SERVICEDESK_TIMEZONE', defaults.timeZone),
  };
  if (hours.close <= hours.open) throw new ConfigError('SERVICEDESK_CLOSES', `must be later than SERVICEDESK_OPENS (${hours.open})`);
  return hours;
}

function loadHandoff(env: Env): HandoffConfig {
  const agentLanguage = text(env, 'SERVICEDESK_LANGUAGE', 'nl') as Language;
  if (!languages.includes(agentLanguage)) throw new ConfigError('SERVICEDESK_LANGUAGE', `must be one of ${languages.join(', ')}`);
  const teamId = text(env, 'SERVICEDESK_TEAM_ID', '');
  // Tickets hold personal data: in production they go to the servicedesk's own team, never to whoever registers first.
  if (!teamId && text(env, 'MicrosoftAppId', '')) {
    throw new ConfigError('SERVICEDESK_TEAM_ID', 'is required when MicrosoftAppId is set: the id of the servicedesk team, the only team that receives tickets');
  }
  return {
    agentLanguage,
    retrySeconds: integer(env, 'TICKET_RETRY_SECONDS', 60, 1, 86400),
    postLeaseSeconds: integer(env, 'TICKET_POST_LEASE_SECONDS', 120, 2, 3600),
    teamId,
  };
}

function loadStorage(env: Env): StorageConfig {
  const kind = text(env, 'STORAGE', 'sqlite').toLowerCase() as StorageKind;
  if (!['sqlite', 'blob', 'memory'].includes(kind)) throw new ConfigError('STORAGE', 'must be sqlite, blob or memory');
  const storage: StorageConfig = {
    kind,
    sqlitePath: text(env, 'SQLITE_PATH', 'data/bot.sqlite'),
    blobConnectionString: text(env, 'BLOB_CONNECTION_STRING', ''),
    blobContainer: text(env, 'BLOB_CONTAINER', 'bot-state'),
    retentionDays: integer(env, 'RETENTION_DAYS', 90, 1, 3650),
  };
  if (kind === 'blob' && !storage.blobConnectionString) throw new ConfigError('BLOB_CONNECTION_STRING', 'is required when STORAGE is blob');
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(storage.blobContainer)) {
    throw new ConfigError('BLOB_CONTAINER', 'must be 3–63 lower-case letters, digits and single hyphens');
  }
  return storage;
}

/** Microsoft Graph's hosts: the global service and the national clouds (learn.microsoft.com/graph/deployments). */
const graphHosts = ['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn'];

/** The only value of GRAPH_CREDENTIAL: a fixed bearer token for a fake Graph on this machine. */
const localFakeTokenSetting = 'local-fake-token';

function loadGraph(env: Env, botAuth: BotAuthConfig): GraphConfig {
  const baseUrl = url(env, 'GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0');
  const parsed = new URL(baseUrl);
  if (parsed.protocol === 'http:' && !isLoopbackUrl(baseUrl)) {
    throw new ConfigError('GRAPH_BASE_URL', `must be an https URL (http only on 127.0.0.1), got "${baseUrl}"`);
  }
  // The Graph client joins host and version itself: the version is the last segment of the path.
  if (parsed.pathname.replace(/\/+$/, '') === '' || parsed.search || parsed.hash) {
    throw new ConfigError('GRAPH_BASE_URL', `must end in the API version, as https://graph.microsoft.com/v1.0, got "${baseUrl}"`);
  }
  // A turn may ask Graph twice (who the user is, then the Authenticator): both together stay well under Teams' 15 s.
  const timeoutMs = integer(env, 'GRAPH_TIMEOUT_MS', 3000, 100, 5000);
  const tenantId = text(env, 'GRAPH_TENANT_ID', botAuth.MicrosoftAppTenantId);
  const clientId = text(env, 'GRAPH_CLIENT_ID', botAuth.MicrosoftAppId);
  const secret = text(env, 'GRAPH_CLIENT_SECRET', '');
  const certificatePath = text(env, 'GRAPH_CERTIFICATE_PATH', '');
  const managedIdentity = text(env, 'GRAPH_MANAGED_IDENTITY', 'false').toLowerCase();
  // Empty: the host's system-assigned identity; else the client id of a user-assigned one.
  const managedIdentityClientId = text(env, 'GRAPH_MANAGED_IDENTITY_CLIENT_ID', '');
  if (!['true', 'false'].includes(managedIdentity)) throw new ConfigError('GRAPH_MANAGED_IDENTITY', `must be true or false, got "${managedIdentity}"`);
  const fake = text(env, 'GRAPH_CREDENTIAL', '');
  // The value is not repeated: whatever was put in a credential key may be a secret.
  if (fake && fake !== localFakeTokenSetting) throw new ConfigError('GRAPH_CREDENTIAL', `can only be ${localFakeTokenSetting} (a fake Graph on this machine)`);

  const given: Array<[string, GraphCredential]> = [];
  if (secret) given.push(['GRAPH_CLIENT_SECRET', { kind: 'clientSecret', secret }]);
  if (certificatePath) given.push(['GRAPH_CERTIFICATE_PATH', { kind: 'certificate', path: certificatePath }]);
  if (managedIdentity === 'true') given.push(['GRAPH_MANAGED_IDENTITY', { kind: 'managedIdentity', clientId: managedIdentityClientId || undefined }]);
  if (fake) given.push(['GRAPH_CREDENTIAL', { kind: 'localFakeToken' }]);
  if (given.length > 1) throw new ConfigError(given.map(([key]) => key).join(', '), 'set only one Graph credential');
  const [credentialKey, credential] = given[0] ?? [];

  if (credential?.kind === 'localFakeToken') {
    // A fixed token proves nothing: only for a fake Graph on this machine, and never with a real app id.
    if (botAuth.MicrosoftAppId) throw new ConfigError('GRAPH_CREDENTIAL', `${localFakeTokenSetting} is refused when MicrosoftAppId is set (production)`);
    if (!isLoopbackUrl(baseUrl)) throw new ConfigError('GRAPH_CREDENTIAL', `${localFakeTokenSetting} needs GRAPH_BASE_URL on 127.0.0.1, got "${baseUrl}"`);
    return { enabled: true, tenantId, clientId, credential, baseUrl, timeoutMs };
  }
  if (!credential || !credentialKey) return { enabled: false, missing: 'no credential (GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH or GRAPH_MANAGED_IDENTITY=true)' };
  // A real token goes to Microsoft Graph only: a mistyped host must not receive it.
  if (!graphHosts.includes(parsed.hostname) || parsed.protocol !== 'https:' || parsed.username || parsed.password) {
    throw new ConfigError('GRAPH_BASE_URL', `with a real credential must be https on a Microsoft Graph host (${graphHosts.join(', ')}), got "${baseUrl}"`);
  }
  if (credential.kind === 'managedIdentity') return { enabled: true, tenantId, clientId, credential, baseUrl, timeoutMs };
  if (!tenantId) return { enabled: false, missing: `${credentialKey} is set but no tenant (GRAPH_TENANT_ID or MicrosoftAppTenantId)` };
  if (!clientId) return { enabled: false, missing: `${credentialKey} is set but no client id (GRAPH_CLIENT_ID or MicrosoftAppId)` };
  return { enabled: true, tenantId, clientId, credential, baseUrl, timeoutMs };
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function loadRollout(env: Env): RolloutConfig {
  const configured = text(env, 'TEAMS_APP_ID', '');
  if (configured && !guid.test(configured)) throw new ConfigError('TEAMS_APP_ID', 'must be the app id (a GUID) of appPackage/manifest.json');
  // Without the app package deployed there is no default: the bot starts, and a rollout says the app is not in the catalog.
  const manifestAppId = configured || manifestId();
  const catalogAppId = text(env, 'TEAMS_CATALOG_APP_ID', '') || undefined;
  if (catalogAppId && !guid.test(catalogAppId)) throw new ConfigError('TEAMS_CATALOG_APP_ID', 'must be the app\'s id in the organisation\'s catalog (a GUID)');
  return {
    manifestAppId,
    catalogAppId,
    // Leaves room under Teams' 50 per second for the answers to people in their chats.
    messagesPerSecond: integer(env, 'ROLLOUT_MESSAGES_PER_SECOND', 20, 1, 40),
    installGraceSeconds: integer(env, 'ROLLOUT_INSTALL_GRACE_SECONDS', 60, 1, 3600),
    progressSeconds: integer(env, 'ROLLOUT_PROGRESS_SECONDS', 30, 1, 3600),
    stalledHours: integer(env, 'ROLLOUT_STALLED_HOURS', 24, 1, 24 * 30),
  };
}

/** The dashboard tab's SSO: the app id, tenant and v1 resource its tokens must name, Entra's keys, and the development mode. */
/**
 * The v1 SSO resource for a public address: `api://<host>/botid-<app id>` (scripts/manifest.ts writes the same into
 * webApplicationInfo.resource); without a public host (localhost) `api://botid-<app id>`.
 */
export function ssoResource(publicBaseUrl: string | undefined, appId: string): string {
  const host = publicBaseUrl ? new URL(publicBaseUrl).hostname : undefined;
  return host && !isLoopbackHost(host) ? `api://${host}/botid-${appId}` : `api://botid-${appId}`;
}

/**
 * The Microsoft clients that may get a token for the tab (learn.microsoft.com, "Register your tab app in Microsoft
 * Entra ID"): Teams desktop and mobile, Teams web, Microsoft 365 web and desktop, Outlook desktop, web and mobile.
 */
const tabClientIds = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
  '4765445b-32c6-49b0-83e6-1d93765276ca',
  '0ec893e0-5785-4de6-99da-4ed124e5296c',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
  '27922004-5251-4030-b22d-91ecd9a37ea4',
];
/** Where Entra publishes its signing keys, in the public and the national clouds. */
const entraLoginHosts = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn'];

/** The dashboard tab's SSO: the app id, tenant and v1 resource its tokens must name, Entra's keys, and the development mode. */
export function loadTabSso(env: Env, botAuth: BotAuthConfig, port: number): TabSsoConfig {
  // Entra writes ids in lower case: compared so, whatever the configuration's case.
  const appId = text(env, 'TABS_SSO_APP_ID', botAuth.MicrosoftAppId ?? '').toLowerCase();
  if (env.TABS_SSO_APP_ID?.trim() && !guid.test(appId)) throw new ConfigError('TABS_SSO_APP_ID', 'must be the Entra app id (a GUID) of webApplicationInfo.id');
  const tenantId = text(env, 'TABS_SSO_TENANT_ID', botAuth.MicrosoftAppTenantId ?? '').toLowerCase();
  if (env.TABS_SSO_TENANT_ID?.trim() && !guid.test(tenantId)) throw new ConfigError('TABS_SSO_TENANT_ID', 'must be the organisation\'s tenant id (a GUID)');
  const publicBaseUrl = url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`);
  const resource = text(env, 'TABS_SSO_RESOURCE', appId ? ssoResource(publicBaseUrl, appId) : '');
  if (resource && !/^api:\/\/\S+$/.test(resource)) throw new ConfigError('TABS_SSO_RESOURCE', `must be an api:// URI as in webApplicationInfo.resource, got "${resource}"`);
  const jwksUrl = identityUrl(env, 'TABS_SSO_JWKS_URL') || (tenantId ? `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys` : '');
  // With a real app id the keys come from Entra only: another key server could mint any member's token.
  if (botAuth.MicrosoftAppId && jwksUrl && (new URL(jwksUrl).protocol !== 'https:' || !entraLoginHosts.includes(new URL(jwksUrl).hostname))) {
    throw new ConfigError('TABS_SSO_JWKS_URL', `must be https on an Entra login host (${entraLoginHosts.join(', ')}) in production, got "${jwksUrl}"`);
  }
  const clientIds = text(env, 'TABS_SSO_CLIENT_IDS', tabClientIds.join(','))
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  if (clientIds.some((id) => !guid.test(id))) throw new ConfigError('TABS_SSO_CLIENT_IDS', 'must be a comma-separated list of app ids (GUIDs)');
  const devText = text(env, 'TABS_DEV_MODE', 'false');
  if (!['true', 'false'].includes(devText)) throw new ConfigError('TABS_DEV_MODE', `must be true or false, got "${devText}"`);
  const devMode = devText === 'true';
  // Production has an app id: there the dashboard is never open without a token.
  if (devMode && botAuth.MicrosoftAppId) throw new ConfigError('TABS_DEV_MODE', 'cannot be true when MicrosoftAppId is set (production): the dashboard needs a Teams SSO token there');
  if (devMode && !isLoopbackHost(text(env, 'HOST', '127.0.0.1'))) throw new ConfigError('TABS_DEV_MODE', 'is only allowed when HOST is this machine (127.0.0.1 or localhost)');
  // A tunnel reaches a loopback HOST from the internet: with a public address the development mode is off limits too.
  if (devMode && !isLoopbackUrl(publicBaseUrl)) throw new ConfigError('TABS_DEV_MODE', 'is only allowed when PUBLIC_BASE_URL is this machine: behind a tunnel or proxy anyone could read the dashboard');
  return { appId, tenantId, resource, jwksUrl, jwksTimeoutMs: integer(env, 'TABS_SSO_TIMEOUT_MS', 5000, 100, 60_000), clientIds, devMode };
}

/** The id in the app package's manifest, the default of TEAMS_APP_ID. */
function manifestId(): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(projectRoot(), 'appPackage', 'manifest.json'), 'utf8')) as { id?: unknown };
    return typeof manifest.id === 'string' ? manifest.id : '';
  } catch {
    return '';
  }
}

/** Reads and validates the whole configuration once; throws ConfigError naming the bad key. */
export function loadConfig(env: Env = process.env): AppConfig {
  const port = integer(env, 'PORT', 3978, 0, 65535);
  const logLevel = text(env, 'LOG_LEVEL', 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${logLevels.join(', ')}`);
  const botAuth = loadBotAuth(env);
  const config: AppConfig = {
    port,
    // Local mode has no authentication: only this machine may reach it unless HOST says otherwise.
    host: text(env, 'HOST', botAuth.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1'),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`),
    logLevel,
    botAuth,
    storage: loadStorage(env),
    organisation: loadOrganisation(env),
    handoff: loadHandoff(env),
    outbound: { timeoutMs: integer(env, 'CONNECTOR_TIMEOUT_MS', 10_000, 100, 120_000) },
    graph: loadGraph(env, botAuth),
    rollout: loadRollout(env),
    tabs: { buildDir: text(env, 'TABS_BUILD_DIR', path.join(projectRoot(), 'dist', 'web')), sso: loadTabSso(env, botAuth, port) },
  };
  // Last, so that a malformed value is named on its own first.
  if (botAuth.MicrosoftAppId) requireConfirmedExamples(config.organisation.examples);
  return config;
}
