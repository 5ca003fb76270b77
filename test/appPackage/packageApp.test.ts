import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '../..');

describe('npm run package', () => {
  it('builds a flat zip with the manifest (bot id, domain and tab URLs filled in), its English translation and both icons', () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/packageApp.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        PUBLIC_BASE_URL: 'https://bot.zorgring.example',
        APP_PACKAGE_DIR: outDir,
        DOTENV_CONFIG_PATH: path.join(root, 'test/fixtures/empty.env'),
      },
      stdio: 'pipe',
    });
    const zip = new AdmZip(path.join(outDir, 'appPackage.zip'));
    expect(zip.getEntries().map((entry) => entry.entryName).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json'));
    expect(manifest.bots[0].botId).toBe('11111111-2222-3333-4444-555555555555');
    expect(manifest.validDomains).toEqual(['bot.zorgring.example']);
    // The tabs on the deployment's host, and the SSO resource the dashboard's tokens name.
    expect(manifest.staticTabs[0].contentUrl).toBe('https://bot.zorgring.example/tabs/guide');
    expect(manifest.configurableTabs[0].configurationUrl).toBe('https://bot.zorgring.example/tabs/config');
    expect(manifest.webApplicationInfo).toEqual({ id: '11111111-2222-3333-4444-555555555555', resource: 'api://bot.zorgring.example/botid-11111111-2222-3333-4444-555555555555' });
    expect(zip.readAsText('en.json')).toBe(readFileSync(path.join(root, 'appPackage/en.json'), 'utf8'));
    expect(zip.getEntry('color.png')!.getData().equals(readFileSync(path.join(root, 'appPackage/color.png')))).toBe(true);
  });
});
