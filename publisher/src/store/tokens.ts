import { createHash, randomBytes } from 'node:crypto';
import { PublisherError } from '../errors';
import type { Db } from './db';

/** What an operator token may read: channels, and optionally only some sites. Admins may republish. */
export interface OperatorScope {
  name: string;
  channels: string[];
  /** Empty means every site. */
  sites: string[];
  isAdmin: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN_PREFIX = 'ty_';

/** Operator tokens are random, shown once, and stored only as their sha256. */
export class OperatorTokens {
  constructor(private readonly db: Db) {}

  async create(scope: Omit<OperatorScope, 'name'> & { name: string }): Promise<string> {
    if (!/^[\p{L}\p{N}_.-]{1,64}$/u.test(scope.name)) {
      throw new PublisherError('BAD_REQUEST', '令牌名称只能包含字母、数字、下划线、点和连字符（最多 64 个字符）');
    }
    const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
    try {
      await this.db.insertInto('operator_tokens').values({
        name: scope.name, token_hash: hashToken(token), channels: JSON.stringify(scope.channels), sites: JSON.stringify(scope.sites),
        is_admin: scope.isAdmin ? 1 : 0, created_at: new Date().toISOString(), revoked_at: null,
      }).execute();
    } catch (error) {
      throw new PublisherError('BAD_REQUEST', `令牌名称“${scope.name}”已存在：请换一个名称，或先吊销旧令牌`, { cause: error });
    }
    return token;
  }

  async verify(token: string): Promise<OperatorScope | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await this.db.selectFrom('operator_tokens').selectAll()
      .where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) return null;
    return { name: row.name, channels: JSON.parse(row.channels), sites: JSON.parse(row.sites), isAdmin: row.is_admin === 1 };
  }

  async revoke(name: string): Promise<boolean> {
    const result = await this.db.updateTable('operator_tokens').set({ revoked_at: new Date().toISOString() })
      .where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async list() {
    const rows = await this.db.selectFrom('operator_tokens').select(['name', 'channels', 'sites', 'is_admin', 'created_at', 'revoked_at']).orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, channels: JSON.parse(r.channels), sites: JSON.parse(r.sites), isAdmin: r.is_admin === 1, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }
}
