import { loadConfig, type AppConfig } from '../../src/config';

/** The environment variable through which test/setup/globalSetup.ts says where it built the tab bundles. */
export const tabsBuildVariable = 'TEST_TABS_BUILD_DIR';

/** TABS_BUILD_DIR for an app a test starts: the bundles globalSetup built. */
export const tabsBuildEnv = (): Record<string, string> => {
  const dir = process.env[tabsBuildVariable];
  return dir ? { TABS_BUILD_DIR: dir } : {};
};

/** Where the card screenshots are said to be, when a test does not set PUBLIC_BASE_URL. */
export const testBaseUrl = 'https://bot.example.test';

/** The configuration the bot reads from this environment, with the test's base URL for the card screenshots. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ PUBLIC_BASE_URL: testBaseUrl, ...env });
}
