/**
 * npm run package: builds the tabs, then build/appPackage.zip (manifest.json, its translations, color.png and outline.png
 * at the zip root)
 * for sideloading in Teams. The bot id comes from MicrosoftAppId; PUBLIC_BASE_URL's host becomes a valid domain.
 * APP_PACKAGE_DIR writes it elsewhere.
 */
import 'dotenv/config';
import AdmZip from 'adm-zip';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/core/paths';
import { appPackageDir, localizationFiles, manifestFor, placeholderBotId, validateManifest } from './manifest';

async function main(): Promise<void> {
  const botId = process.env.MicrosoftAppId?.trim() || placeholderBotId;
  if (botId === placeholderBotId) {
    process.stderr.write('warning: MicrosoftAppId is not set; the package carries a placeholder bot id and cannot be sideloaded as is.\n');
  }
  const manifest = manifestFor(botId, process.env.PUBLIC_BASE_URL);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`manifest.json is not valid:\n  ${errors.join('\n  ')}`);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  zip.addLocalFile(path.join(appPackageDir(), 'color.png'));
  zip.addLocalFile(path.join(appPackageDir(), 'outline.png'));
  for (const { file, content } of localizationFiles()) zip.addFile(file, content);
  const outDir = process.env.APP_PACKAGE_DIR ?? path.join(projectRoot(), 'build');
  mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, 'appPackage.zip');
  zip.writeZip(out);
  process.stdout.write(`wrote ${out}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
