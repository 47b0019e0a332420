import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys: "kn_<prefix>_<secret>". The prefix (8 hex) finds the stored row; the secret is 256
 * random bits. Only the SHA-256 of the whole key is stored; comparison is constant-time.
 */
const KEY = /^kn_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function generateKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `kn_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function parseKey(key: string): { prefix: string } | undefined {
  const m = KEY.exec(key);
  return m ? { prefix: m[1] as string } : undefined;
}

export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
