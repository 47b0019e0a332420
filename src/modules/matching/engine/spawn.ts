import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running one of this folder's modules: the compiled .js, or under tsx (tests,
 * benches) the .ts source, with tsx's loader registered in the thread (threads do not inherit it).
 */
export function spawnThread(name: string, options: WorkerOptions = {}): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const source = JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href);
    return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${source}); })`, { ...options, eval: true });
  }
  return new Worker(new URL(`./${name}.js`, import.meta.url), options);
}
