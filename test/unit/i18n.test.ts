import { describe, expect, it } from 'vitest';
import { localizeIssue, negotiateLang } from '../../src/http/i18n.js';

describe('negotiateLang', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['vi', 'vi'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['en-US,en;q=0.9,vi;q=0.8', 'en'],
    ['en;q=0.5, vi;q=0.9', 'vi'],
    ['ko-KR', 'en'],
    ['ko-KR, vi;q=0.7', 'vi'],
    ['vi;q=0', 'en'],
    ['*', 'en'],
    [['vi', 'en;q=0.1'], 'vi'],
  ] as const)('%s → %s', (header, lang) => {
    expect(negotiateLang(header as string | string[] | undefined)).toBe(lang);
  });
});

describe('localizeIssue', () => {
  it.each([
    [{ code: 'too_big', message: 'Too big: expected number to be <=9', params: { origin: 'number', maximum: 9, inclusive: true } }, 'Too big: expected number to be <=9', 'Quá lớn'],
    [{ code: 'invalid_type', message: 'Invalid input: expected string, received undefined', params: { expected: 'string' } }, 'Required', 'Bắt buộc'],
    [{ code: 'custom', message: 'min must not exceed max', params: { params: { vi: 'min không được lớn hơn max' } } }, 'min must not exceed max', 'min không được lớn hơn max'],
    [{ code: 'custom', message: 'only English given', params: {} }, 'only English given', 'only English given'],
  ])('renders %j in both languages', (issue, en, vi) => {
    const out = localizeIssue(issue);
    expect(out.en).toBe(en);
    expect(out.vi).toContain(vi);
  });
});
