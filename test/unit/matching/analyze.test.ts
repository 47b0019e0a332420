import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/modules/matching/scoring/index.js';
import { addFoldedTerms } from '../../../src/modules/matching/scoring/analyze.js';
import { demoOffers } from './demo-inputs.js';

describe('analyze: syllables, bigrams, exact and folded forms', () => {
  it.each([
    ['Xử lý nước thải', ['xử', 'lý', 'xử_lý', 'nước_thải'], ['xu', 'ly', 'xu_ly', 'nuoc', 'nuoc_thai']],
    ['xu ly nuoc thai', ['xu_ly', 'nuoc_thai'], ['xu_ly', 'nuoc_thai']],
    ['Xử lý nước thải'.normalize('NFD'), ['xử_lý', 'nước_thải'], ['xu_ly', 'nuoc_thai']],
    ['ĐÀ NẴNG', ['đà', 'nẵng', 'đà_nẵng'], ['da', 'nang', 'da_nang']],
    ['đường ống', ['đường_ống'], ['duong_ong']],
    ['Solar panels and sensors', ['solar_panel', 'sensor'], ['solar', 'panel', 'solar_panel', 'sensor']],
    ['태양광을 이용한 스마트팜', ['태양광을', '태양', '양광', '스마트팜'], ['태양', '양광']],
    ['Hệ thống tự động hóa', ['tự_động', 'hệ_thống'], ['tu_dong', 'dong_hoa']],
  ])('%s', (text, exact, folded) => {
    const a = analyze(text);
    for (const t of exact) expect(a.exact).toContain(t);
    for (const t of folded) expect(a.folded).toContain(t);
  });

  it.each([
    ['Công nghệ của các doanh nghiệp và viện', ['của', 'các', 'và', 'công_của', 'của_các']],
    ['Nhà máy công suất 2024 tấn', ['2024', 'suất_2024', '2024_tấn']],
    ['the solar of panel', ['the', 'of', 'solar_of']],
    ['Xử lý. Nước thải', ['lý_nước']],
  ])('%s leaves out stopwords, digits and cross-punctuation bigrams', (text, absent) => {
    const a = analyze(text);
    for (const t of absent) expect([...a.exact, ...a.folded]).not.toContain(t);
  });

  it('keeps diacritics apart in exact form and together in folded form', () => {
    expect(analyze('mã').exact).toEqual(['mã']);
    expect(analyze('mã').folded).toEqual(analyze('má').folded);
    expect(analyze('mã').exact).not.toEqual(analyze('má').exact);
  });
});

describe('analyze: synonyms and abbreviations', () => {
  it.each([
    ['CNTT', 'công nghệ thông tin', '~ict'],
    ['NLMT', 'năng lượng mặt trời', '~solar'],
    ['solar', 'điện mặt trời', '~solar'],
    ['태양광 발전', 'pin mặt trời', '~solar'],
    ['IoT', 'internet vạn vật', '~iot'],
    ['AI', 'trí tuệ nhân tạo', '~ai'],
    ['wastewater', 'nước thải', '~wastewater'],
    ['xu ly nuoc thai', 'Xử lý nước thải', '~wastewater'],
    ['drone', 'thiết bị bay không người lái', '~drone'],
    ['cold storage', 'kho lạnh', '~coldchain'],
    ['smart farming', '스마트팜', '~smartfarm'],
    ['Internet of Things', 'IoT', '~iot'],
    ['cảng biển', 'seaport', '~port'],
  ])('%s ↔ %s share %s', (a, b, concept) => {
    expect(analyze(a).folded).toContain(concept);
    expect(analyze(b).folded).toContain(concept);
  });

  it.each([
    ['ai cũng được', '~ai'],
    ['càng nhanh càng tốt', '~port'],
    ['hạn hán', '~welding'],
  ])('%s does not trigger %s', (text, concept) => {
    expect(analyze(text).folded).not.toContain(concept);
  });
});

describe('addFoldedTerms', () => {
  const texts = [
    'Hệ thống xử lý nước thải chăn nuôi bằng công nghệ sinh học',
    'XU LY NUOC THAI; điện mặt trời áp mái (NLMT), IoT & AI',
    '스마트 팜 자동화 시스템 — 한국 기술',
    'Giảm 33% chi phí vận hành.\nTRL 7, 2 năm bảo hành',
    'CNTT cho nông nghiệp thông minh',
    '',
  ];
  it.each(texts.map((t) => [t]))('adds exactly the folded terms analyze finds in %j', (text) => {
    const set = new Set<string>(['already-there']);
    addFoldedTerms(text, set);
    expect([...set]).toEqual(['already-there', ...analyze(text).folded.filter((t) => t !== 'already-there')]);
  });

  it('gives the same set as analyze over every demo offer text', () => {
    for (const o of demoOffers()) {
      for (const l of [o.title, o.summary, o.description, o.applications, o.advantages]) {
        for (const s of [l?.vi, l?.en, l?.ko]) {
          if (!s) continue;
          const set = new Set<string>();
          addFoldedTerms(s, set);
          expect(set).toEqual(new Set(analyze(s).folded));
        }
      }
    }
  });
});
