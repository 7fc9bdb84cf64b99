import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registeredChannels } from '@tongyuan/channels';

/**
 * The channels' Chinese names have one source: the registry (channels/src/<channel>/channel.ts,
 * `name`). The CMS runs without the channels package (its image has only the kernel), so it reads
 * a copy generated from the registry: `node --import tsx scripts/channel-names.ts` rewrites it,
 * `… --check` says whether it is out of date (exit code 1); test/cms/channel-names.test.ts fails
 * on a stale copy.
 */
export const CMS_CHANNEL_NAMES = path.resolve(__dirname, '..', 'cms', 'src', 'seed', 'channel-names.json');
export const REGENERATE_CHANNEL_NAMES = 'node --import tsx scripts/channel-names.ts';

/** The file as the registry says it now. */
export function channelNamesFile(): string {
  const names = Object.fromEntries(registeredChannels().map((c) => [c.code, c.name]));
  return `${JSON.stringify({ generatedBy: REGENERATE_CHANNEL_NAMES, names }, null, 2)}\n`;
}

function main(check: boolean) {
  const committed = readFileSync(CMS_CHANNEL_NAMES, 'utf8');
  if (committed === channelNamesFile()) return;
  if (check) {
    console.log(`cms/src/seed/channel-names.json is out of date: run ${REGENERATE_CHANNEL_NAMES}`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(CMS_CHANNEL_NAMES, channelNamesFile());
  console.log('cms/src/seed/channel-names.json rewritten from the channel registry');
}

if (require.main === module) main(process.argv.includes('--check'));
