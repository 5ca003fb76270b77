import { loadConfig, type AppConfig } from '../../src/config';

/**
 * Where the card screenshots are said to be. The same as inProcessBot's testBaseUrl, kept here so that the
 * tests of one part (cards, the connector) do not load the whole app (restify and all) for a constant.
 */
const testBaseUrl = 'https://bot.example.test';

/** The configuration the bot reads from this environment, with the test's base URL for the card screenshots. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ PUBLIC_BASE_URL: testBaseUrl, ...env });
}
