import { AppManifestUtils } from '@microsoft/app-manifest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ssoResource } from '../src/config';
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

/** The host the checked-in manifest's tab URLs name; manifestFor puts the deployment's in its place. */
export const placeholderOrigin = 'https://bot.example.test';

/**
 * The manifest for one deployment: the bot's app id, and the host that serves the card images and the tabs (the
 * tabs' URLs, validDomains, and the SSO resource `api://<host>/botid-<app id>` that the dashboard's token names).
 */
export function manifestFor(botId: string, publicBaseUrl: string | undefined): Manifest {
  const origin = publicBaseUrl ? new URL(publicBaseUrl).origin : undefined;
  const host = origin ? new URL(origin).hostname : undefined;
  const manifest = JSON.parse(JSON.stringify(readManifest()).split(placeholderOrigin).join(origin ?? placeholderOrigin)) as Manifest;
  manifest.bots = manifest.bots.map((bot) => ({ ...bot, botId }));
  const publicHost = host && host !== 'localhost' && host !== '127.0.0.1' ? host : undefined;
  // Resource-specific consent (ChannelMessage.Read.Group) and the tabs' SSO are granted to the bot's own Entra app.
  if (manifest.webApplicationInfo) manifest.webApplicationInfo = { id: botId, resource: ssoResource(origin, botId) };
  manifest.validDomains = publicHost ? [publicHost] : [];
  return manifest;
}

/** The manifest's translations (appPackage/<file>, named by localizationInfo), as they go into the zip. */
export function localizationFiles(): Array<{ file: string; content: Buffer }> {
  const info = readManifest().localizationInfo as { additionalLanguages?: Array<{ file: string }> } | undefined;
  return (info?.additionalLanguages ?? []).map(({ file }) => ({ file, content: readFileSync(path.join(appPackageDir(), file)) }));
}

/** Validates against the schema named by `$schema`, offline (the package bundles every schema). */
export async function validateManifest(manifest: Manifest): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}
