import { startTestApp } from '../helpers/appHarness';
import { tabContentSecurityPolicy } from '../../src/bot/http/tabRoutes';

/** The tabs' pages and bundles as the bot's server serves them: framed by Teams only, bundles cached, nothing else. */
describe('the tab pages', () => {
  it('serves each tab page with the CSP that lets Teams and Microsoft 365 frame it, and no X-Frame-Options', async () => {
    const app = await startTestApp();
    for (const name of ['guide', 'dashboard']) {
      const page = await fetch(`${app.bot.url}/tabs/${name}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('x-frame-options')).toBeNull();
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toBe(tabContentSecurityPolicy);
      const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1].split(' ') ?? [];
      expect(ancestors).toEqual(['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.microsoft365.com', 'https://*.office.com']);
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

  it.each(['/tabs/assets/../entries.json', '/tabs/assets/%2e%2e%2fentries.json', '/tabs/assets/nope.js', '/tabs/assets/guide.exe'])('answers 404 for %s', async (path) => {
    const app = await startTestApp();
    const answer = await fetch(`${app.bot.url}${path}`);
    expect(answer.status).toBe(404);
  });

  it('says 503 (and logs why) when the tabs were not built', async () => {
    const app = await startTestApp({ env: { TABS_BUILD_DIR: '/nonexistent/tabs' } });
    const page = await fetch(`${app.bot.url}/tabs/guide`);
    expect(page.status).toBe(503);
    expect(app.log()).toContain('tabs not built');
  });
});
