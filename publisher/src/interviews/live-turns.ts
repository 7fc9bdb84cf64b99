import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Db } from '../store/db';
import type { Logger } from '../logger';
import { checkTurn, type LiveTurn } from './turn-input';

/**
 * 在线访谈's live text: the editor posts a turn (through the CMS), it is stored, then announced on
 * a Redis channel; every API process holds ONE subscriber connection and hands each announcement
 * to its own readers' event streams. Several API processes behind a load balancer all see every
 * turn, and a reader who connects late reads the stored turns first.
 */
export interface InterviewLiveDeps { db: Db; redisUrl: string; prefix: string; clock: () => Date; logger: Pick<Logger, 'warn' | 'info'> }

type Row = { id: number; speaker: string; text: string; highlight: number; posted_at: string };
const toTurn = (row: Row): LiveTurn => ({ id: Number(row.id), speaker: row.speaker, text: row.text, highlight: !!row.highlight, postedAt: row.posted_at });

export class InterviewLive {
  private readonly local = new EventEmitter();
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private subscribed: Promise<unknown> | null = null;
  private readonly channel: string;

  constructor(private readonly deps: InterviewLiveDeps) {
    this.channel = `${deps.prefix}:interview-turns`;
    this.local.setMaxListeners(0); // one listener per open reader's stream
  }

  /** Stores the turn, then tells every API process; returns it with its number. */
  async post(documentId: string, input: unknown): Promise<LiveTurn> {
    const turn = checkTurn(input);
    const postedAt = this.deps.clock().toISOString();
    const row = await this.deps.db.insertInto('interview_turns')
      .values({ document_id: documentId, speaker: turn.speaker, text: turn.text, highlight: turn.highlight ? 1 : 0, posted_at: postedAt })
      .returning(['id', 'speaker', 'text', 'highlight', 'posted_at']).executeTakeFirstOrThrow();
    const stored = toTurn(row);
    await this.connection().publish(this.channel, JSON.stringify({ documentId, turn: stored }));
    return stored;
  }

  /** The turns posted so far (after `afterId`, for a stream that reconnects with Last-Event-ID). */
  async turns(documentId: string, afterId = 0): Promise<LiveTurn[]> {
    const rows = await this.deps.db.selectFrom('interview_turns').select(['id', 'speaker', 'text', 'highlight', 'posted_at'])
      .where('document_id', '=', documentId).where('id', '>', afterId).orderBy('id').execute();
    return rows.map(toTurn);
  }

  /** Calls `listener` with each new turn of this interview until the returned function is called. */
  async follow(documentId: string, listener: (turn: LiveTurn) => void): Promise<() => void> {
    await this.subscribe();
    this.local.on(documentId, listener);
    return () => this.local.off(documentId, listener);
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    await Promise.all([this.publisher, this.subscriber].map((c) => c?.quit().catch(() => c.disconnect())));
    this.publisher = null;
    this.subscriber = null;
    this.subscribed = null;
  }

  private connection(): Redis {
    this.publisher ??= new Redis(this.deps.redisUrl, { maxRetriesPerRequest: 2 });
    return this.publisher;
  }

  /** One subscription per process, shared by every reader (and by readers who arrive while it is being made). */
  private async subscribe(): Promise<void> {
    this.subscribed ??= this.connectSubscriber();
    await this.subscribed;
  }

  private async connectSubscriber(): Promise<void> {
    const subscriber = new Redis(this.deps.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (error) => this.deps.logger.warn({ err: error.message }, '在线访谈直播：Redis 订阅连接出错，正在重连'));
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        const { documentId, turn } = JSON.parse(message) as { documentId: string; turn: LiveTurn };
        this.local.emit(documentId, turn);
      } catch (error) {
        this.deps.logger.warn({ err: (error as Error).message }, '在线访谈直播：收到无法解析的消息，已忽略');
      }
    });
    await subscriber.subscribe(this.channel);
  }
}
