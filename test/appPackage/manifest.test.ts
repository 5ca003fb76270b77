import { readFileSync } from 'node:fs';
import path from 'node:path';
import { manifestFor, placeholderBotId, readManifest, validateManifest } from '../../scripts/manifest';
import { readPng } from '../helpers/png';

const appPackage = path.join(__dirname, '../../appPackage');

describe('the Teams app manifest', () => {
  const realFetch = globalThis.fetch;
  // The validation must work without a network: any download attempt fails the test.
  beforeAll(() => {
    globalThis.fetch = (() => Promise.reject(new Error('no network in tests'))) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('validates offline against the schema it names', async () => {
    const manifest = readManifest();
    expect(manifest.$schema).toMatch(/v1\.\d+\/MicrosoftTeams\.schema\.json$/);
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('stays valid with a real bot id and a public host, which become botId and validDomains', async () => {
    const manifest = manifestFor('11111111-2222-3333-4444-555555555555', 'https://bot.zorgring.example');
    expect(manifest.bots[0].botId).toBe('11111111-2222-3333-4444-555555555555');
    expect(manifest.validDomains).toEqual(['bot.zorgring.example']);
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('is caught by the validation when a field breaks the schema', async () => {
    const manifest = { ...readManifest(), name: { short: 'A name that is far too long for the Teams app bar', full: 'x' } };
    expect((await validateManifest(manifest)).join('\n')).toMatch(/name\/short/);
  });

  it('declares the bot for personal chats and teams, with channel-message consent and its commands', () => {
    const manifest = readManifest();
    const [bot] = manifest.bots as Array<{ botId: string; scopes: string[]; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
    expect(bot.botId).toBe(placeholderBotId);
    expect(bot.scopes).toEqual(['personal', 'team']);
    expect(JSON.stringify(manifest.authorization)).toContain('ChannelMessage.Read.Group');
    expect(manifestFor('11111111-2222-3333-4444-555555555555', undefined).webApplicationInfo?.id).toBe('11111111-2222-3333-4444-555555555555');
    expect(bot.commandLists[0].commands.map((c) => c.title)).toEqual(expect.arrayContaining(['start', 'help', 'stop']));
  });

  it('declares the guide as a personal tab and the dashboard as a team tab, with English names, all valid offline', async () => {
    const manifest = manifestFor('11111111-2222-3333-4444-555555555555', 'https://bot.zorgring.example');
    const [guide] = manifest.staticTabs as Array<{ entityId: string; scopes: string[]; contentUrl: string; websiteUrl: string }>;
    expect(guide).toMatchObject({ entityId: 'guide', scopes: ['personal'], contentUrl: 'https://bot.zorgring.example/tabs/guide' });
    const [dashboard] = manifest.configurableTabs as Array<{ scopes: string[]; configurationUrl: string }>;
    expect(dashboard).toMatchObject({ scopes: ['team'], configurationUrl: 'https://bot.zorgring.example/tabs/config' });
    expect(await validateManifest(manifest)).toEqual([]);

    const schemaFile = path.join(__dirname, '../../node_modules/@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json');
    const Ajv = (await import('ajv-draft-04')).default;
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    const english = JSON.parse(readFileSync(path.join(appPackage, 'en.json'), 'utf8'));
    expect(validate(english) ? [] : validate.errors).toEqual([]);
    expect(english['staticTabs[0].name']).toBe('Guide');
  });

  it('ships a 192×192 colour icon and a 32×32 transparent outline icon', () => {
    const color = readPng(path.join(appPackage, 'color.png'));
    const outline = readPng(path.join(appPackage, 'outline.png'));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.hasTransparency).toBe(true);
  });
});
