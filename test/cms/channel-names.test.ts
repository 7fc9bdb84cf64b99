import { readFileSync } from 'node:fs';
import { registeredChannels } from '@tongyuan/channels';
import { channelNamesFile, CMS_CHANNEL_NAMES, REGENERATE_CHANNEL_NAMES } from '../../scripts/channel-names';
import { CHANNELS } from '../../cms/src/seed/channels';
import { CHANNEL_NAMES } from '../../cms/src/admin/channel-names';
import { ENUM_LABELS } from '../../cms/src/admin/translations/enums';

/**
 * One name per channel (issue 18): what the registry calls it is what the CMS's dropdowns, its
 * channel records, the 发布状态 panel and the publisher's /status and previews say.
 */
describe('channel names', () => {
  const registry = Object.fromEntries(registeredChannels().map((c) => [c.code, c.name]));

  it('the CMS\'s copy is the registry\'s, as generated', () => {
    if (readFileSync(CMS_CHANNEL_NAMES, 'utf8') !== channelNamesFile()) {
      throw new Error(`cms/src/seed/channel-names.json differs from the channel registry: run \`${REGENERATE_CHANNEL_NAMES}\` and commit it`);
    }
  });

  it('the dropdowns, the channel records and the panel use it', () => {
    for (const [code, name] of Object.entries(registry)) {
      expect([code, CHANNEL_NAMES[code]]).toEqual([code, name]);
      expect([code, ENUM_LABELS[code]]).toEqual([code, name]);
    }
    for (const channel of CHANNELS) expect([channel.code, channel.name]).toEqual([channel.code, registry[channel.code]]);
  });
});
