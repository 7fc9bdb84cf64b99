import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** The Nu HTML Checker's jar from the vnu-jar npm package, run with the machine's Java (README, Prerequisites). */
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

export interface VnuMessage { type: string; subType?: string; message: string; extract?: string; lastLine?: number; url?: string }

/**
 * Errors the Nu HTML Checker finds in each page (warnings and info left out), by the name given.
 * One Java start for all pages: it costs seconds.
 */
export async function vnuErrors(pages: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongyuan-vnu-'));
  const files = Object.entries(pages).map(([name, html], i) => {
    const file = path.join(dir, `page-${i}.html`);
    writeFileSync(file, html);
    return [name, file] as const;
  });
  // vnu exits 1 when it finds errors; its report is on stderr either way.
  const { stderr } = await promisify(execFile)('java', ['-jar', VNU_JAR, '--format', 'json', ...files.map(([, f]) => f)], { maxBuffer: 64 * 1024 * 1024 })
    .catch((error: { stderr?: string; code?: number }) => {
      if (typeof error.stderr !== 'string' || !error.stderr.startsWith('{')) throw error;
      return { stderr: error.stderr };
    });
  const messages = (JSON.parse(stderr) as { messages: VnuMessage[] }).messages;
  const unplaced = messages.find((m) => m.type !== 'info' && !m.url);
  if (unplaced) throw new Error(`vnu: ${unplaced.message}`);
  const errors: Record<string, string[]> = {};
  for (const [name, file] of files) {
    errors[name] = messages
      .filter((m) => m.type !== 'info' && m.url!.endsWith(`/${path.basename(file)}`))
      .map((m) => `${m.type}: ${m.message} (line ${m.lastLine}: ${m.extract?.trim() ?? ''})`);
  }
  return errors;
}
