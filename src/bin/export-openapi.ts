// Writes openapi/openapi.json from the route schemas (npm run openapi:export).
import { writeFile } from 'node:fs/promises';
import { OPENAPI_PATH, renderOpenapi } from './openapi-document.js';

await writeFile(OPENAPI_PATH, await renderOpenapi());
process.stdout.write(`wrote ${OPENAPI_PATH.pathname}\n`);
