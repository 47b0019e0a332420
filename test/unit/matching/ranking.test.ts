import { describe, expect, it } from 'vitest';
import { createMatchIndex, DEFAULT_PARAMS, scoreExhaustive, type OfferInput } from '../../../src/modules/matching/scoring/index.js';
import { fillerOffers, makeDemand, makeOffer, NOW } from './factories.js';

const params = { ...DEFAULT_PARAMS, now: NOW };

/** Offers that differ only in title, ranked for a demand that differs only in title. */
function rank(demandTitle: string, titles: Record<string, string | undefined>): string[] {
  const offers: OfferInput[] = Object.entries(titles).map(([id, title]) =>
    makeOffer({ id, organizationId: `org-${id}`, title: { vi: title }, summary: { vi: '' }, keywords: [], fields: ['ICT.SOFT'] }),
  );
  const demand = makeDemand({ title: { vi: demandTitle }, problem: { vi: '' }, keywords: [], fields: ['ICT.SOFT'] });
  const ix = createMatchIndex([...offers, ...fillerOffers(30)], [demand]);
  return scoreExhaustive(ix, demand.id, params)
    .map((p) => p.offerId)
    .filter((id) => id in titles);
}

describe('text relevance (BM25 over syllables and bigrams)', () => {
  it.each([
    {
      name: 'a phrase match ranks above the same syllables scattered',
      demand: 'xử lý nước thải',
      offers: { phrase: 'Hệ thống xử lý nước thải công nghiệp', scattered: 'Nước uống, lý thuyết xử phạt, khí thải công nghiệp' },
      order: ['phrase', 'scattered'],
    },
    {
      name: 'exact diacritics rank above a folded-only match',
      demand: 'mã nguồn mở cho quản lý kho',
      offers: { folded: 'Má nguồn mờ cho quản lý kho', exact: 'Mã nguồn mở cho quản lý kho' },
      order: ['exact', 'folded'],
    },
    {
      name: 'a demand typed without diacritics still finds the accented offer',
      demand: 'he thong xu ly nuoc thai',
      offers: { water: 'Hệ thống xử lý nước thải sinh hoạt', other: 'Hệ thống quản lý nhân sự' },
      order: ['water', 'other'],
    },
    {
      name: 'an abbreviation meets its expansion',
      demand: 'Giải pháp NLMT cho nhà xưởng',
      offers: { solar: 'Điện năng lượng mặt trời áp mái nhà xưởng', wind: 'Tua bin điện gió cho nhà xưởng' },
      order: ['solar', 'wind'],
    },
    {
      name: 'English meets Vietnamese through the synonym table',
      demand: 'Wastewater treatment for a pig farm',
      offers: { vi: 'Xử lý nước thải trang trại heo', other: 'Phần mềm kế toán trang trại' },
      order: ['vi', 'other'],
    },
    {
      name: 'Korean words match inside longer Hangul words',
      demand: '태양광 발전 설비',
      offers: { ko: '공장 지붕 태양광을 위한 설비', other: '폐수 처리 설비' },
      order: ['ko', 'other'],
    },
    {
      name: 'shared stopwords do not make a match',
      demand: 'Công nghệ chiết xuất tinh dầu của các loại cây và cho được trong sản xuất',
      offers: { stop: 'Của các và cho được trong với những một', topic: 'Chiết xuất tinh dầu sả' },
      order: ['topic', 'stop'],
    },
  ])('$name', ({ demand, offers, order }) => {
    expect(rank(demand, offers)).toEqual(order);
  });

  it('scores a pair with no shared text or field low, and a close pair high', () => {
    const offer = makeOffer();
    const unrelated = makeOffer({ id: 'o2', organizationId: 'org-x', title: { vi: 'Phần mềm quản lý khách sạn' }, summary: { vi: 'Đặt phòng trực tuyến' }, keywords: ['khách sạn'], fields: ['ICT.SOFT'] });
    const demand = makeDemand();
    const ix = createMatchIndex([offer, unrelated, ...fillerOffers(20)], [demand]);
    const ranked = scoreExhaustive(ix, demand.id, params);
    expect(ranked[0]!.offerId).toBe('o1');
    expect(ranked[0]!.score).toBeGreaterThan(0.6);
    expect(ranked.find((p) => p.offerId === 'o2')!.score).toBeLessThan(0.2);
  });
});
