import type { Queue } from 'bullmq';
import { waitFor, type RunningProcess } from '../../test/support/processes';
import { graphql, type Stack } from '../../test/support/stack';
import { settle } from './republish';

/**
 * A second worker process on the same machine: a full republish (republishAll) with the one worker,
 * then twice with a second one started beside it (cold, then warm). Every render a worker finishes is in its log
 * ('渲染完成' with the document and channel): the share each worker took, and any (document,
 * channel) rendered more than once, are counted from there.
 */
export async function secondWorker(stack: Stack, queues: Queue[], admin: string) {
  const one = await republish(stack, queues, admin, [stack.worker]);
  const replica = stack.startReplica('worker.ts', { LOG_LEVEL: 'info' });
  try {
    await waitFor('the second worker', async () => replica.output().includes('渲染工作进程已启动'), 60_000, 200);
    // Twice: the first republish finds the new worker cold (its libraries load and its code warms on the first
    // renders), the second is the steady state a deployment runs in. Both count for duplicated work.
    const cold = await republish(stack, queues, admin, [stack.worker, replica]);
    const two = await republish(stack, queues, admin, [stack.worker, replica]);
    return { one, cold, two, secondShare: shareOf(two), coldShare: shareOf(cold) };
  } finally {
    await replica.stop();
  }
}

const shareOf = (run: { perWorker: number[]; renders: number }) => Math.round((run.perWorker[1] / Math.max(1, run.renders)) * 1000) / 10;

async function republish(stack: Stack, queues: Queue[], admin: string, workers: RunningProcess[]) {
  const marks = workers.map((w) => w.output().length);
  const started = performance.now();
  const { body } = await graphql(stack, admin, 'mutation { republishAll }');
  if (!body.data?.republishAll) throw new Error(`republishAll 失败：${JSON.stringify(body)}`);
  await settle(stack, queues, 0, 1_800_000);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const logs = workers.map((w, i) => w.output().slice(marks[i]));
  const rendered = logs.map(renderedIn);
  const times = new Map<string, number>();
  for (const list of rendered) for (const key of list) times.set(key, (times.get(key) ?? 0) + 1);
  const twice = [...times].filter(([, n]) => n > 1).map(([key]) => key);
  return {
    documents: body.data.republishAll as number, seconds, renders: rendered.reduce((n, l) => n + l.length, 0), perWorker: rendered.map((l) => l.length),
    duplicated: twice.length, whyTwice: twice.slice(0, 5).map((key) => ({ key, lines: linesAbout(logs, key.split(' ')[0]) })),
  };
}

/** What each worker logged about a document rendered twice (worker number, line), to tell a retry from a second job. */
function linesAbout(logs: string[], documentId: string): string[] {
  return logs.flatMap((log, worker) => log.split('\n').filter((line) => line.includes(documentId)).map((line) => `${worker + 1}: ${line.slice(0, 400)}`)).slice(0, 24);
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
