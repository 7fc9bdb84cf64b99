import type { Queue } from 'bullmq';
import { waitFor, type RunningProcess } from '../../test/support/processes';
import { graphql, type Stack } from '../../test/support/stack';
import { settle } from './republish';

/**
 * A second worker process on the same machine: a full republish (republishAll) with the one worker,
 * then again with a second one started beside it. Every render a worker finishes is in its log
 * ('渲染完成' with the document and channel): the share each worker took, and any (document,
 * channel) rendered more than once, are counted from there.
 */
export async function secondWorker(stack: Stack, queues: Queue[], admin: string) {
  const one = await republish(stack, queues, admin, [stack.worker]);
  const replica = stack.startReplica('worker.ts', { LOG_LEVEL: 'info' });
  try {
    await waitFor('the second worker', async () => replica.output().includes('渲染工作进程已启动'), 60_000, 200);
    const two = await republish(stack, queues, admin, [stack.worker, replica]);
    return { one, two, secondShare: Math.round((two.perWorker[1] / Math.max(1, two.renders)) * 1000) / 10 };
  } finally {
    await replica.stop();
  }
}

async function republish(stack: Stack, queues: Queue[], admin: string, workers: RunningProcess[]) {
  const marks = workers.map((w) => w.output().length);
  const started = performance.now();
  const { body } = await graphql(stack, admin, 'mutation { republishAll }');
  if (!body.data?.republishAll) throw new Error(`republishAll 失败：${JSON.stringify(body)}`);
  await settle(stack, queues, 0, 1_800_000);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const rendered = workers.map((w, i) => renderedIn(w.output().slice(marks[i])));
  const times = new Map<string, number>();
  for (const list of rendered) for (const key of list) times.set(key, (times.get(key) ?? 0) + 1);
  const duplicated = [...times.values()].filter((n) => n > 1).length;
  return { documents: body.data.republishAll as number, seconds, renders: rendered.reduce((n, l) => n + l.length, 0), perWorker: rendered.map((l) => l.length), duplicated };
}

/** "documentId channel" of every render a worker's log says it finished. */
function renderedIn(log: string): string[] {
  const keys: string[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('渲染完成')) continue;
    try {
      const entry = JSON.parse(line) as { documentId: string; channel: string };
      keys.push(`${entry.documentId} ${entry.channel}`);
    } catch {
      // A line cut by the pipe's chunking is skipped, not counted.
    }
  }
  return keys;
}
