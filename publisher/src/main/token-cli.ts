import { parseArgs } from 'node:util';
import { CHANNEL_CODES } from '@tongyuan/channels';
import { parseConfig } from '../config';
import { PublisherError } from '../errors';
import { createDb, migrate } from '../store/db';
import { OperatorTokens } from '../store/tokens';

const USAGE = `用法：
  npm run token -- create --name 名称 --channels web,feeds [--sites juxian,huitong] [--admin]
  npm run token -- list
  npm run token -- revoke --name 名称`;

/** Operator tokens from the command line: the token is printed once and stored only as a hash. */
async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, channels: { type: 'string' }, sites: { type: 'string' }, admin: { type: 'boolean', default: false } },
  });
  // Only the store is needed here; secrets the service needs are not.
  const config = parseConfig({ STRAPI_TOKEN: 'not-needed-for-tokens', HOOK_SECRET: 'not-needed-for-tokens', ...process.env });
  const db = createDb(config.DATABASE_URL);
  await migrate(db);
  const tokens = new OperatorTokens(db);
  try {
    const [command] = positionals;
    if (command === 'create') {
      const channels = (values.channels ?? '').split(',').map((c) => c.trim()).filter(Boolean);
      const unknown = channels.filter((c) => !(CHANNEL_CODES as readonly string[]).includes(c));
      if (!values.name || channels.length === 0 || unknown.length > 0) {
        throw new PublisherError('BAD_REQUEST', `${unknown.length ? `未知渠道：${unknown.join('、')}（可选 ${CHANNEL_CODES.join(', ')}）\n` : ''}${USAGE}`);
      }
      const sites = (values.sites ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const token = await tokens.create({ name: values.name, channels, sites, isAdmin: values.admin ?? false });
      console.log(token);
      console.error(`已创建令牌“${values.name}”：渠道 ${channels.join(',')}${sites.length ? `，站点 ${sites.join(',')}` : '，全部站点'}${values.admin ? '，管理员' : ''}。令牌只显示这一次。`);
    } else if (command === 'list') {
      console.table(await tokens.list());
    } else if (command === 'revoke' && values.name) {
      console.log((await tokens.revoke(values.name)) ? `已吊销“${values.name}”` : `没有有效的令牌“${values.name}”`);
    } else {
      throw new PublisherError('BAD_REQUEST', USAGE);
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof PublisherError ? error.message : error);
  process.exit(1);
});
