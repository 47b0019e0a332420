import { z } from 'zod';

export type Lang = 'vi' | 'en';
export interface Bilingual {
  en: string;
  vi: string;
}

/** Picks Vietnamese or English from Accept-Language (q-values honoured); English by default. */
export function negotiateLang(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { lang: Lang; q: number } | undefined;
  for (const part of value.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Lang | undefined = tag.startsWith('vi') ? 'vi' : tag.startsWith('en') || tag === '*' ? 'en' : undefined;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'en';
}

const locales = { en: z.locales.en(), vi: z.locales.vi() };

/** A validation issue as the zod type provider hands it over: code, path and the issue's own fields. */
export interface IssueLike {
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

/** Renders one zod issue in both languages; custom refinements carry their Vietnamese in params.vi. */
export function localizeIssue(issue: IssueLike): Bilingual {
  const params = issue.params ?? {};
  const custom = params.params as { vi?: unknown } | undefined;
  if (issue.code === 'custom') {
    return { en: issue.message, vi: typeof custom?.vi === 'string' ? custom.vi : issue.message };
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return { en: 'Required', vi: 'Bắt buộc' };
  }
  const raw = { ...params, code: issue.code, path: [], message: issue.message } as unknown as Parameters<
    (typeof locales)['vi']['localeError']
  >[0];
  const render = (lang: Lang) => {
    const out = locales[lang].localeError?.(raw);
    return typeof out === 'string' ? out : (out?.message ?? issue.message);
  };
  // zod's Vietnamese text needs the input to name what was received; the English message has it.
  const received = /received (\w+)$/.exec(issue.message)?.[1];
  const vi = received ? render('vi').replace(/undefined$/, received) : render('vi');
  return { en: issue.message || render('en'), vi };
}
