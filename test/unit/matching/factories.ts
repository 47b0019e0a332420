import type { DemandInput, ExpertInput, OfferInput } from '../../../src/modules/matching/scoring/index.js';

export const NOW = '2026-11-01T00:00:00Z';
const UPDATED = new Date('2026-10-01T00:00:00Z');

export function makeOffer(overrides: Partial<OfferInput> = {}): OfferInput {
  return {
    id: 'o1',
    organizationId: 'org-supply',
    province: '01',
    country: 'VN',
    language: 'vi',
    title: { vi: 'Hệ thống xử lý nước thải chăn nuôi bằng công nghệ sinh học' },
    summary: { vi: 'Xử lý nước thải trang trại heo đạt quy chuẩn xả thải, chi phí vận hành thấp.' },
    description: null,
    advantages: null,
    applications: null,
    fields: ['ENV.WATER'],
    keywords: ['xử lý nước thải', 'chăn nuôi'],
    trl: 7,
    transferForms: ['independent_contract'],
    transferMethods: ['documents', 'training'],
    dealTypes: ['licence_non_exclusive', 'technical_assistance'],
    priceMin: 800_000_000,
    priceMax: 1_200_000_000,
    priceNegotiable: false,
    targetProvinces: [],
    targetCountries: [],
    regulatoryClass: 'normal',
    updatedAt: UPDATED,
    languages: ['vi'],
    ...overrides,
  };
}

export function makeDemand(overrides: Partial<DemandInput> = {}): DemandInput {
  return {
    id: 'd1',
    organizationId: 'org-demand',
    province: '31',
    country: 'VN',
    language: 'vi',
    title: { vi: 'Cần công nghệ xử lý nước thải cho trang trại chăn nuôi heo' },
    problem: { vi: 'Nước thải chăn nuôi chưa đạt quy chuẩn, gây mùi và ô nhiễm.' },
    currentProcess: null,
    requiredResult: null,
    constraints: null,
    fields: ['ENV.WATER'],
    keywords: ['xử lý nước thải', 'trang trại'],
    minTrl: 6,
    dealTypes: [],
    transferMethods: [],
    originPreference: 'any',
    budgetMin: 500_000_000,
    budgetMax: 1_500_000_000,
    urgency: 'medium',
    neededBy: null,
    updatedAt: UPDATED,
    languages: ['vi'],
    ...overrides,
  };
}

export function makeExpert(overrides: Partial<ExpertInput> = {}): ExpertInput {
  return {
    id: 'e1',
    affiliationId: 'org-other',
    province: '01',
    fields: ['ENV.WATER'],
    keywords: ['xử lý nước thải'],
    bio: null,
    roles: ['technical_assessor'],
    languages: [{ code: 'vi', level: 'native' }],
    maxMeetingsPerEvent: 10,
    conflictOrganizationIds: [],
    ...overrides,
  };
}

/** Unrelated filler records, so idf has a corpus to work with. */
export function fillerOffers(n: number): OfferInput[] {
  const topics = [
    ['Phần mềm quản lý bán hàng cho siêu thị', 'ICT.SOFT'],
    ['Dây chuyền sấy lạnh trái cây', 'AGR.FOOD'],
    ['Vật liệu composite cho vỏ tàu', 'MAT.POLY'],
    ['Robot hàn tự động cho nhà xưởng', 'MEC.ROBOT'],
    ['Pin lưu trữ năng lượng cho hộ gia đình', 'ENE.STORE'],
    ['Bộ kit xét nghiệm nhanh bệnh thủy sản', 'HLT.DIAG'],
  ] as const;
  return Array.from({ length: n }, (_, i) => {
    const [title, field] = topics[i % topics.length]!;
    return makeOffer({
      id: `filler-${i}`,
      organizationId: `org-filler-${i}`,
      title: { vi: `${title} mẫu ${i}` },
      summary: { vi: `${title}, giải pháp trọn gói cho doanh nghiệp vừa và nhỏ.` },
      fields: [field],
      keywords: [title.split(' ').slice(0, 2).join(' ')],
    });
  });
}
