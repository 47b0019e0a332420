// Creates an API client and prints its key once (npm run client:create -- --name … --role …).
//   npm run client:create -- --name "Bộ KH&CN" --role ministry
//   npm run client:create -- --name "Sở KH&CN Hải Phòng" --role portal --province 31
import { parseArgs } from 'node:util';
import { createAccessService } from '../modules/access/access.service.js';
import type { Role } from '../modules/access/caller.js';
import { CURRENT_PROVINCE_CODES } from '../modules/reference/reference.lookup.js';
import { withDatabase } from './cli.js';

const usage = 'usage: npm run client:create -- --name NAME --role ministry|portal|reader [--province CODE ...]';
const { values } = parseArgs({
  options: { name: { type: 'string' }, role: { type: 'string' }, province: { type: 'string', multiple: true }, help: { type: 'boolean' } },
});
if (values.help) {
  process.stdout.write(`${usage}\nUses DATABASE_URL, or the embedded database in DATA_DIR.\n`);
  process.exit(0);
}
const role = values.role as Role | undefined;
const provinces = values.province ?? [];
const problems = [
  !values.name?.trim() && '--name is required',
  !(role && ['ministry', 'portal', 'reader'].includes(role)) && '--role must be ministry, portal or reader',
  role === 'portal' && provinces.length === 0 && 'a portal needs at least one --province (a current two-digit code)',
  role !== 'portal' && provinces.length > 0 && 'only portals take --province',
  ...provinces.filter((p) => !CURRENT_PROVINCE_CODES.has(p)).map((p) => `--province ${p} is not a current province code`),
].filter(Boolean);
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n${usage}\n`);
  process.exit(2);
}

await withDatabase(async (database) => {
  const { client, secret } = await createAccessService({ db: database.db }).createClient({ name: (values.name as string).trim(), role: role as Role, provinces });
  process.stdout.write(`client ${client.id} (${client.role}${provinces.length ? `: ${provinces.join(', ')}` : ''})\nAPI key (shown once, store it now):\n${secret}\n`);
});
