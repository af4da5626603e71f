// Which database the integration tests run on: SABT_TEST_BACKEND=sqlite
// (default) or postgres. For PostgreSQL, SABT_PG_ADMIN_URL names the owner
// role on the throwaway cluster that `make test` started
// (scripts/pg-test-cluster.sh); every test gets a database of its own.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const backend = process.env.SABT_TEST_BACKEND || 'sqlite';

// Returns {dbUrl, env} for startServer: undefined dbUrl means "a fresh SQLite file".
export function freshDatabase() {
  if (backend === 'sqlite') return { dbUrl: undefined, env: {} };
  if (backend !== 'postgres') throw new Error(`unknown SABT_TEST_BACKEND ${backend}`);
  const owner = process.env.SABT_PG_OWNER_URL;
  const app = process.env.SABT_PG_URL;
  if (!owner || !app) throw new Error('SABT_TEST_BACKEND=postgres needs SABT_PG_OWNER_URL and SABT_PG_URL (make test sets them)');
  const name = `sabt_it_${randomBytes(5).toString('hex')}`;
  execFileSync('psql', [owner, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  const swap = (u) => { const x = new URL(u); x.pathname = `/${name}`; return x.toString(); };
  return { dbUrl: swap(app), env: { SABT_PG_OWNER_URL: swap(owner) } };
}
