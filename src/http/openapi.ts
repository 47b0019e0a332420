import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

type Json = Record<string, unknown>;

const PROBLEM_DESCRIPTIONS: Record<string, string> = {
  '400': 'Bad Request: invalid input; `errors[]` names each field',
  '404': 'Not Found',
  '409': 'Conflict with stored data',
  '412': 'Precondition Failed: the If-Match version is stale',
  '413': 'Payload Too Large',
  '415': 'Unsupported Media Type: send application/json',
  '428': 'Precondition Required: send If-Match',
  '429': 'Too Many Requests: see Retry-After',
  '500': 'Internal Server Error (nothing internal in the body; quote requestId)',
  '503': 'Service Unavailable: a dependency is down or the server is draining; see Retry-After',
};

/**
 * Final touches on the generated document: error bodies are declared as
 * application/problem+json, responses get real descriptions, and component schemas that no
 * operation references (zod's unused input/output twins) are dropped.
 */
export function polishOpenapi<T extends Json>(document: T): T {
  const doc = structuredClone(document) as Json & { paths?: Json; components?: { schemas?: Json } };
  for (const pathItem of Object.values(doc.paths ?? {}) as Json[]) {
    for (const operation of Object.values(pathItem) as Json[]) {
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        if (response.description === 'Default Response') {
          response.description = PROBLEM_DESCRIPTIONS[status] ?? STATUS_CODES[Number(status)] ?? 'Response';
        }
        const content = response.content as Json | undefined;
        if (Number(status) >= 400 && content?.['application/json']) {
          response.content = { [PROBLEM_CONTENT_TYPE]: content['application/json'] };
        }
      }
    }
  }
  const schemas = doc.components?.schemas;
  if (schemas) {
    let changed = true;
    while (changed) {
      changed = false;
      const { components, ...rest } = doc;
      const used = JSON.stringify([rest, { ...components, schemas: undefined }, ...Object.values(schemas)]);
      for (const name of Object.keys(schemas)) {
        if (!used.includes(`"#/components/schemas/${name}"`)) {
          delete schemas[name];
          changed = true;
        }
      }
    }
  }
  return doc as T;
}
