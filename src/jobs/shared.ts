/** Retry and retention settings both backends apply to every job unless the producer overrides. */
export const defaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function backoffDelay(attempt: number): number {
  return defaultJobOptions.backoff.delay * 2 ** (attempt - 1);
}

export function jobLogBindings(jobName: string, jobId: string) {
  return { jobName, jobId };
}
