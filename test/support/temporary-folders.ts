import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Temporary folders a test file makes through its helpers (render contexts' artifacts and media caches, SQLite
 * stores), removed after the file by leftovers.ts, so a run of the suite leaves nothing in /tmp. Kept free of
 * heavy imports: every test file loads it.
 */
const made: string[] = [];

export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(folder);
  return folder;
}

export function removeTemporaryFolders(): void {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}
