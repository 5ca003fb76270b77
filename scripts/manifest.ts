import { AppManifestUtils } from '@microsoft/app-manifest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/core/paths';

export const appPackageDir = (): string => path.join(projectRoot(), 'appPackage');
export const placeholderBotId = '00000000-0000-0000-0000-000000000000';

export type Manifest = Record<string, unknown> & {
  bots: Array<Record<string, unknown>>;
  validDomains: string[];
  webApplicationInfo?: { id: string; resource?: string };
};

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(appPackageDir(), 'manifest.json'), 'utf8')) as Manifest;
}

/** The manifest for one deployment: the bot's app id and the host that serves the card images. */
export function manifestFor(botId: string, publicBaseUrl: string | undefined): Manifest {
  const manifest = readManifest();
  manifest.bots = manifest.bots.map((bot) => ({ ...bot, botId }));
  // Resource-specific consent (ChannelMessage.Read.Group) is granted to the bot's own Entra app.
  if (manifest.webApplicationInfo) manifest.webApplicationInfo = { id: botId, resource: `api://botid-${botId}` };
  const host = publicBaseUrl ? new URL(publicBaseUrl).hostname : undefined;
  manifest.validDomains = host && host !== 'localhost' && host !== '127.0.0.1' ? [host] : [];
  return manifest;
}

/** Validates against the schema named by `$schema`, offline (the package bundles every schema). */
export async function validateManifest(manifest: Manifest): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}
