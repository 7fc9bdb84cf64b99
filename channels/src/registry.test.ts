import type { AnyChannel } from './channel';
import { channelCodes, registeredChannels } from './registry';

const extra = (code: string): AnyChannel => ({ code, name: code, accepts: () => false, preflight: async () => [], render: async () => ({ payload: null, artifacts: [], listings: [] }) });

it('lists a test\'s extra channel after the registered ones, in order', () => {
  const all = registeredChannels([extra('notice-board')]);
  expect(all.map((c) => c.code)).toEqual([...channelCodes(), 'notice-board']);
  expect(registeredChannels().map((c) => c.code)).toEqual(channelCodes());
});

it('refuses an extra channel whose code is taken, naming it', () => {
  expect(() => registeredChannels([extra('kiosk')])).toThrow('渠道编码重复：kiosk');
  expect(() => registeredChannels([extra('x'), extra('x')])).toThrow('渠道编码重复：x');
});
