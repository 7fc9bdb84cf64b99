import pino, { type Logger } from 'pino';

/** JSON logs; bindings carry documentId / revision / jobId so one publication can be followed. */
export function createLogger(level: string, name: string): Logger {
  return pino({ level, name, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type { Logger };
