import http from 'node:http';
import { startTestApp, translate } from '../helpers/appHarness';
import { tabContentSecurityPolicy } from '../../src/bot/http/tabRoutes';

/** The tabs' pages and bundles as the bot's server serves them: framed by Teams only, bundles cached, nothing else. */
describe('the tab pages', () => {
  it('serves each tab page with the CSP that lets Teams and Microsoft 365 frame it, and no X-Frame-Options', async () => {
    const app = await startTestApp();
    for (const name of ['guide', 'dashboard', 'config']) {
      const page = await fetch(`${app.bot.url}/tabs/${name}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('x-frame-options')).toBeNull();
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toBe(tabContentSecurityPolicy);
      const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1].split(' ') ?? [];
      expect(ancestors).toEqual(['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.microsoft365.com', 'https://*.office.com', 'https://outlook.office365.com']);
      expect(csp).toContain("script-src 'self'");
      const html = await page.text();
      const bundle = /<script src="(\/tabs\/assets\/[^"]+\.js)"><\/script>/.exec(html)?.[1];
      expect(bundle).toBeDefined();
      const script = await fetch(`${app.bot.url}${bundle}`);
      expect(script.status).toBe(200);
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(script.headers.get('content-type')).toContain('text/javascript');
      expect((await script.text()).length).toBeGreaterThan(1000);
    }
  });

  it('writes the configuration page\'s texts into it as data, in both languages, from the locale files', async () => {
    const app = await startTestApp();
    const html = await (await fetch(`${app.bot.url}/tabs/config`)).text();
    const data = /<script type="application\/json" id="tab-texts">([^<]*)<\/script>/.exec(html)?.[1];
    const texts = JSON.parse(data ?? '{}') as Record<string, { intro: string; tabName: string }>;
    for (const language of ['nl', 'en'] as const) {
      expect(texts[language].intro).toBe(translate(language)('tabs.config.intro'));
      expect(texts[language].tabName).toBe(translate(language)('tabs.config.tabName'));
    }
    expect(html).toContain(`<title>${translate('nl')('tabs.config.title')}</title>`);
  });

  it.each(['/tabs/assets/../entries.json', '/tabs/assets/..%2fentries.json', '/tabs/assets/%2e%2e%2fentries.json', '/tabs/assets/nope.js', '/tabs/assets/guide.exe'])('answers 404 for %s, sent as it is', async (path) => {
    const app = await startTestApp();
    // node:http sends the path unnormalised (fetch would resolve the ".." before sending).
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(app.bot.url);
      http.get({ host: '127.0.0.1', port, path }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(404);
  });

  it('says 503 (and logs why) when the tabs were not built', async () => {
    const app = await startTestApp({ env: { TABS_BUILD_DIR: '/nonexistent/tabs' } });
    const page = await fetch(`${app.bot.url}/tabs/guide`);
    expect(page.status).toBe(503);
    expect(app.log()).toContain('tabs not built');
  });
});
