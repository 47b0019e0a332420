// Fails when a committed generated file no longer matches the code (npm run check:generated):
// openapi/openapi.json against the route schemas, migrations/ against the drizzle schema.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_PATH, renderOpenapi } from './openapi-document.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const failures: string[] = [];

const committed = await readFile(OPENAPI_PATH, 'utf8').catch(() => '');
if (committed !== (await renderOpenapi())) {
  failures.push('openapi/openapi.json differs from the route schemas: run `npm run openapi:export` and commit it.');
}

const scratch = await mkdtemp(join(tmpdir(), 'ketnoi-migrations-'));
try {
  await cp(join(root, 'migrations'), scratch, { recursive: true });
  // drizzle-kit prefixes --out with "./", so it takes a path relative to the working directory.
  execFileSync(
    join(root, 'node_modules/.bin/drizzle-kit'),
    ['generate', '--dialect=postgresql', '--schema=./src/db/schema/index.ts', `--out=${relative(root, scratch)}`, '--casing=snake_case'],
    { cwd: root, stdio: 'pipe' },
  );
  const before = (await readdir(join(root, 'migrations'), { recursive: true })).sort();
  const after = (await readdir(scratch, { recursive: true })).sort();
  const added = after.filter((f) => !before.includes(f));
  if (added.length > 0) {
    failures.push(`migrations/ is behind the drizzle schema (would add ${added.join(', ')}): run \`npm run db:generate\` and commit.`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  process.stderr.write(`Generated files are out of date:\n- ${failures.join('\n- ')}\n`);
  process.exit(1);
}
process.stdout.write('generated files are up to date (openapi/openapi.json, migrations/)\n');
