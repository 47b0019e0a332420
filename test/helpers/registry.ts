import type { App } from '../../src/app.js';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const makeOrganization = (overrides: Record<string, unknown> = {}) => ({
  kind: 'enterprise',
  name: { vi: 'Công ty TNHH Thủy sản Minh Phú Test' },
  country: 'VN',
  province: '96',
  language: 'vi',
  contacts: [{ name: 'Nguyễn Văn A', email: 'a@example.vn', phone: '+84 290 3800 000' }],
  ...overrides,
});

export const makeOffer = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  language: 'vi',
  title: { vi: 'Công nghệ xử lý nước thải chăn nuôi bằng bể UASB', en: 'UASB treatment of livestock wastewater' },
  summary: { vi: 'Xử lý nước thải giàu hữu cơ, thu hồi khí sinh học.' },
  fields: ['ENV.WATER'],
  keywords: ['uasb', 'biogas'],
  trl: 7,
  priceMin: 800000000,
  priceMax: '1200000000',
  status: 'published',
  ...overrides,
});

export const makeDemand = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  province: '96',
  language: 'vi',
  title: { vi: 'Cần giải pháp giảm điện năng kho lạnh' },
  problem: { vi: 'Nhà máy chế biến thủy sản cần giảm 30 % điện năng cho kho lạnh.' },
  fields: ['ENE.EFF'],
  minTrl: 6,
  budgetMin: 500000000,
  budgetMax: 2000000000,
  status: 'published',
  ...overrides,
});

export const makeExpert = (overrides: Record<string, unknown> = {}) => ({
  fullName: 'TS. Trần Thị Bình',
  academicTitle: 'doctor',
  province: '01',
  language: 'vi',
  fields: ['ENV.WATER'],
  roles: ['technical_assessor'],
  languages: [{ code: 'vi', level: 'native' }, { code: 'en', level: 'working' }],
  email: 'binh@example.vn',
  ...overrides,
});

export async function create(app: App, resource: string, body: unknown): Promise<Record<string, unknown> & { id: string; version: number }> {
  const res = await app.inject({ method: 'POST', url: `/v1/${resource}`, payload: body as object });
  if (res.statusCode !== 201) throw new Error(`create ${resource}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export const uniqueRef = () => `ref-${next()}`;
