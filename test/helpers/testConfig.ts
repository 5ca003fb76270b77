import { loadConfig, type AppConfig } from '../../src/config';

/** Where the card screenshots are said to be, when a test does not set PUBLIC_BASE_URL. */
export const testBaseUrl = 'https://bot.example.test';

/** The configuration the bot reads from this environment, with the test's base URL for the card screenshots. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ PUBLIC_BASE_URL: testBaseUrl, ...env });
}
