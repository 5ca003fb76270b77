import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type ExampleValue } from '../src/config';
import { ConfigError } from '../src/core/errors';
import organisation from '../src/organisation.json';
import { confirmedExamplesEnv } from './helpers/botProcess';

/** The keys of a production configuration that loads: app id, secret, servicedesk team, and the organisation's confirmed values. */
const production = { MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', SERVICEDESK_TEAM_ID: '19:team', ...confirmedExamplesEnv };

describe('loadConfig', () => {
  it('runs with no environment at all: local mode, port 3978, the manual\'s facts', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.publicBaseUrl).toBe('http://localhost:3978');
    expect(config.botAuth.MicrosoftAppId).toBe('');
    expect(config.organisation.upnDomain).toBe('central.zorgring.nl');
    expect(config.organisation.links.mfaSetup).toBe('https://aka.ms/mfasetup');
    expect(config.organisation.fortiClient.minimumVersion).toBe('7');
    expect(config.storage).toMatchObject({ kind: 'sqlite', sqlitePath: 'data/bot.sqlite', retentionDays: 90 });
  });

  it('reads the rollout: the manifest id by default, the catalog id and the pace from the environment, and refuses what is no id', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'appPackage', 'manifest.json'), 'utf8')) as { id: string };
    expect(loadConfig({}).rollout).toEqual({ manifestAppId: manifest.id, catalogAppId: undefined, messagesPerSecond: 20, installGraceSeconds: 60, progressSeconds: 30, stalledHours: 24 });
    const catalog = 'c0ffee00-0000-4000-8000-0000000000c1';
    expect(loadConfig({ TEAMS_CATALOG_APP_ID: catalog, ROLLOUT_MESSAGES_PER_SECOND: '10', ROLLOUT_STALLED_HOURS: '48' }).rollout).toMatchObject({ catalogAppId: catalog, messagesPerSecond: 10, stalledHours: 48 });
    expect(() => loadConfig({ TEAMS_APP_ID: 'my-app' })).toThrow(/TEAMS_APP_ID/);
    expect(() => loadConfig({ TEAMS_CATALOG_APP_ID: "x' or 1 eq 1" })).toThrow(/TEAMS_CATALOG_APP_ID/);
    // Teams allows 50 a second for everything the bot sends: the rollout may not take it all.
    expect(() => loadConfig({ ROLLOUT_MESSAGES_PER_SECOND: '50' })).toThrow(/ROLLOUT_MESSAGES_PER_SECOND/);
  });

  it('takes organisation facts from the environment', () => {
    const config = loadConfig({ UPN_DOMAIN: 'zorg.example.nl', SERVICEDESK_PHONE: '010 123 45 67', VPN_PORT: '10443', PUBLIC_BASE_URL: 'https://bot.example.nl/' });
    expect(config.organisation.upnDomain).toBe('zorg.example.nl');
    expect(config.organisation.servicedesk.phone).toBe('010 123 45 67');
    expect(config.organisation.fortiClient.port).toBe(10443);
    expect(config.publicBaseUrl).toBe('https://bot.example.nl');
  });

  it('reads the servicedesk\'s days, hours, time zone and language', () => {
    const config = loadConfig({ SERVICEDESK_DAYS: '1-3,6', SERVICEDESK_OPENS: '00:00', SERVICEDESK_CLOSES: '24:00', SERVICEDESK_TIMEZONE: 'Europe/London', SERVICEDESK_LANGUAGE: 'en', SERVICEDESK_TEAM_ID: '19:team' });
    expect(config.organisation.servicedesk.hours).toEqual({ open: '00:00', close: '24:00', days: [1, 2, 3, 6], timeZone: 'Europe/London' });
    expect(config.handoff).toEqual({ agentLanguage: 'en', retrySeconds: 60, postLeaseSeconds: 120, teamId: '19:team' });
    expect(loadConfig({}).organisation.servicedesk.hours.days).toEqual([1, 2, 3, 4, 5]);
  });

  it('in production needs the servicedesk team, and takes identity endpoints over https or on this machine', () => {
    const config = loadConfig({
      ...production,
      SERVICEDESK_TEAM_ID: '19:team@thread.tacv2',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:4000/metadata',
      ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.example.com/metadata',
      ToChannelFromBotLoginUrl: 'http://localhost:4000/botframework.com/',
    });
    expect(config.handoff.teamId).toBe('19:team@thread.tacv2');
    expect(config.botAuth).toMatchObject({
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:4000/metadata',
      ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.example.com/metadata',
      ToChannelFromBotLoginUrl: 'http://localhost:4000/botframework.com',
    });
    expect(loadConfig({}).botAuth.ToBotFromChannelOpenIdMetadataUrl).toBe('');
  });

  it.each([
    ['local mode listens on this machine only', {}, '127.0.0.1'],
    ['with an app id it listens on every interface (containers)', production, '0.0.0.0'],
    ['HOST set on purpose wins in local mode', { HOST: '0.0.0.0' }, '0.0.0.0'],
    ['HOST set on purpose wins with an app id', { HOST: '10.1.2.3', ...production }, '10.1.2.3'],
  ])('HOST: %s', (_name, env, host) => {
    expect(loadConfig(env).host).toBe(host);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ VPN_PORT: '70000' }, 'VPN_PORT'],
    [{ PUBLIC_BASE_URL: 'bot.example.nl' }, 'PUBLIC_BASE_URL'],
    [{ UPN_DOMAIN: 'not a domain' }, 'UPN_DOMAIN'],
    [{ SERVICEDESK_OPENS: '8 uur' }, 'SERVICEDESK_OPENS'],
    [{ MicrosoftAppType: 'Personal' }, 'MicrosoftAppType'],
    [{ MicrosoftAppId: 'abc' }, 'MicrosoftAppPassword'],
    [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId'],
    [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x' }, 'SERVICEDESK_TEAM_ID'],
    [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', SERVICEDESK_TEAM_ID: ' ' }, 'SERVICEDESK_TEAM_ID'],
    [{ ToBotFromChannelOpenIdMetadataUrl: 'http://login.example.com/.well-known/openidconfiguration' }, 'ToBotFromChannelOpenIdMetadataUrl'],
    [{ ToBotFromEmulatorOpenIdMetadataUrl: 'ftp://127.0.0.1/metadata' }, 'ToBotFromEmulatorOpenIdMetadataUrl'],
    [{ ToChannelFromBotLoginUrl: 'login.example.com' }, 'ToChannelFromBotLoginUrl'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ STORAGE: 'redis' }, 'STORAGE'],
    [{ STORAGE: 'blob' }, 'BLOB_CONNECTION_STRING'],
    [{ BLOB_CONTAINER: 'Bot_State' }, 'BLOB_CONTAINER'],
    [{ RETENTION_DAYS: '0' }, 'RETENTION_DAYS'],
    [{ SERVICEDESK_DAYS: 'ma-vr' }, 'SERVICEDESK_DAYS'],
    [{ SERVICEDESK_DAYS: '5-1' }, 'SERVICEDESK_DAYS'],
    [{ SERVICEDESK_TIMEZONE: 'Amsterdam' }, 'SERVICEDESK_TIMEZONE'],
    [{ SERVICEDESK_OPENS: '17:00', SERVICEDESK_CLOSES: '08:00' }, 'SERVICEDESK_CLOSES'],
    [{ SERVICEDESK_LANGUAGE: 'de' }, 'SERVICEDESK_LANGUAGE'],
    [{ TICKET_RETRY_SECONDS: '0' }, 'TICKET_RETRY_SECONDS'],
    [{ CONNECTOR_TIMEOUT_MS: '50' }, 'CONNECTOR_TIMEOUT_MS'],
    [{ TICKET_POST_LEASE_SECONDS: '1' }, 'TICKET_POST_LEASE_SECONDS'],
  ])('rejects %p naming %s', (env, key) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).key).toBe(key);
    }
  });

  describe('example values (src/organisation.json "examples")', () => {
    // Each value the manual never gave, the variable that confirms it, a real value for it, and what the config then holds.
    const confirmations: Array<[ExampleValue['path'], string, string, unknown]> = [
      ['fortiClient.connectionName', 'VPN_CONNECTION_NAME', 'Zorg VPN', 'Zorg VPN'],
      ['fortiClient.remoteGateway', 'VPN_REMOTE_GATEWAY', 'vpn.zorg.example', 'vpn.zorg.example'],
      ['fortiClient.port', 'VPN_PORT', '10443', 10443],
      ['servicedesk.phone', 'SERVICEDESK_PHONE', '010 123 45 67', '010 123 45 67'],
      ['servicedesk.email', 'SERVICEDESK_EMAIL', 'help@zorg.example', 'help@zorg.example'],
      ['servicedesk.hours.open', 'SERVICEDESK_OPENS', '07:30', '07:30'],
      ['servicedesk.hours.close', 'SERVICEDESK_CLOSES', '18:00', '18:00'],
      ['servicedesk.hours.days', 'SERVICEDESK_DAYS', '1-4', [1, 2, 3, 4]],
    ];
    const valueAt = (tree: unknown, path: string) => path.split('.').reduce((node, key) => (node as Record<string, unknown>)[key], tree);

    it('in local mode lists every marked value, its variable and the example', () => {
      const { examples } = loadConfig({}).organisation;
      expect(examples.map((example) => example.path)).toEqual(organisation.examples);
      expect(examples).toContainEqual({ path: 'fortiClient.remoteGateway', variable: 'VPN_REMOTE_GATEWAY', example: 'vpn.zorgring.nl' });
      expect(examples).toContainEqual({ path: 'servicedesk.hours.days', variable: 'SERVICEDESK_DAYS', example: '1,2,3,4,5' });
      expect(confirmations.map(([path]) => path).sort()).toEqual([...organisation.examples].sort());
    });

    it.each(confirmations)('%s counts as confirmed once %s sets it', (path, variable, raw, value) => {
      const config = loadConfig({ [variable]: raw });
      expect(valueAt(config.organisation, path)).toEqual(value);
      expect(config.organisation.examples.map((example) => example.path)).toEqual(organisation.examples.filter((marked) => marked !== path));
    });

    it('in production refuses to load while any is unconfirmed, naming each one and its variable', () => {
      const identity = { MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', SERVICEDESK_TEAM_ID: '19:team' };
      expect(() => loadConfig(identity)).toThrow(ConfigError);
      try {
        loadConfig(identity);
      } catch (error) {
        const { key, message } = error as ConfigError;
        expect(key.split(', ')).toEqual(confirmations.map(([, variable]) => variable));
        for (const [path, variable] of confirmations) expect(message).toContain(`${variable} (${path}, example `);
      }
      const { SERVICEDESK_DAYS: _days, ...allButDays } = confirmedExamplesEnv;
      expect(() => loadConfig({ ...identity, ...allButDays })).toThrow(/^SERVICEDESK_DAYS: .*SERVICEDESK_DAYS \(servicedesk\.hours\.days, example "1,2,3,4,5"\)/);
    });

    it('in production loads once all are set, an example confirmed as right included', () => {
      const config = loadConfig(production);
      expect(config.organisation.examples).toEqual([]);
      expect(config.organisation.fortiClient.remoteGateway).toBe(confirmedExamplesEnv.VPN_REMOTE_GATEWAY);
    });

    it('rejects a marked path that no variable can confirm, naming the file', () => {
      jest.isolateModules(() => {
        jest.doMock('../src/organisation.json', () => ({ ...organisation, examples: ['fortiClient.vpnType'] }));
        // Inside isolateModules the errors module is loaded anew: its ContentError is the one config.ts throws.
        const { loadConfig: loadWithTypo } = jest.requireActual<typeof import('../src/config')>('../src/config');
        const errors = jest.requireActual<typeof import('../src/core/errors')>('../src/core/errors');
        expect(() => loadWithTypo({})).toThrow(errors.ContentError);
        expect(() => loadWithTypo({})).toThrow(/src\/organisation\.json: "examples" lists "fortiClient\.vpnType"/);
      });
      jest.dontMock('../src/organisation.json');
    });
  });
});
