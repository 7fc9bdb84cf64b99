import path from 'node:path';

/**
 * SQLite file by default (nothing to install); PostgreSQL when DATABASE_URL is a postgres URL
 * or DATABASE_CLIENT=postgres (Strapi's own variables).
 */
export default ({ env }: { env: any }) => {
  const url: string = env('DATABASE_URL', '');
  const client: string = env('DATABASE_CLIENT', /^postgres(ql)?:/.test(url) ? 'postgres' : 'sqlite');
  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url, ssl: env.bool('DATABASE_SSL', false) }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'tongyuan_cms'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              ssl: env.bool('DATABASE_SSL', false),
            },
        schema: env('DATABASE_SCHEMA', 'public'),
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
      },
    };
  }
  if (client !== 'sqlite') {
    throw new Error(`DATABASE_CLIENT=${client} 不受支持：请用 sqlite（默认）或 postgres`);
  }
  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(env('DATABASE_FILENAME', path.join(__dirname, '..', '..', '.tmp', 'data.db'))),
      },
      useNullAsDefault: true,
    },
  };
};
