import { loadConfig } from '../src/config';
import { ConfigError } from '../src/core/errors';

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
      MicrosoftAppId: 'abc',
      MicrosoftAppPassword: 'x',
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
    ['with an app id it listens on every interface (containers)', { MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', SERVICEDESK_TEAM_ID: '19:team' }, '0.0.0.0'],
    ['HOST set on purpose wins in local mode', { HOST: '0.0.0.0' }, '0.0.0.0'],
    ['HOST set on purpose wins with an app id', { HOST: '10.1.2.3', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', SERVICEDESK_TEAM_ID: '19:team' }, '10.1.2.3'],
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
});
