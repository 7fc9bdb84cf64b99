/**
 * Runs the slowest test files first. On a clean clone jest has no timings of its own (it orders by
 * file size), so a long file such as the cinema reels could start last and run alone while the
 * other worker idles; with the slowest first, the two workers finish close together. Timings come
 * from a clean-clone run (test/support/test-durations.json: wall seconds per file, as the CPU ledger of
 * TONGYUAN_CPU_LEDGER notes them, test/support/cpu-ledger.ts); files not listed keep jest's order after them.
 */
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');
const durations = require('./test-durations.json');

const root = path.resolve(__dirname, '..', '..');

class SlowestFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const seconds = (test) => durations[path.relative(root, test.path).split(path.sep).join('/')] ?? -1;
    return [...ordered].sort((a, b) => seconds(b) - seconds(a));
  }
}

module.exports = SlowestFirst;
