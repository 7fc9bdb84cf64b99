import { killLeftoverChildren } from './processes';
import { removeTemporaryFolders } from './temporary-folders';

/**
 * Runs before each test file (setupFilesAfterEnv). Every file stops what it started in its
 * afterAll, so a child still alive here was left by an earlier file of this worker that failed
 * while starting: kill it, say so, and go on with two free cores. When the worker exits (jest's
 * forceExit at the end, or a worker it retires), the same happens for the last file.
 */
const left = killLeftoverChildren();
if (left > 0) console.warn(`[test] killed ${left} process(es) an earlier test file in this worker left running`);

const marked = globalThis as { __tongyuanExitHook?: boolean };
if (!marked.__tongyuanExitHook) {
  marked.__tongyuanExitHook = true;
  process.once('exit', () => killLeftoverChildren());
}

// What this file's helpers wrote in temporary folders (render artifacts, media caches, SQLite stores) goes with it.
afterAll(() => removeTemporaryFolders());
