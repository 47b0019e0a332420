/**
 * Seeded synthetic offers and demands that look like ketnoi's domain, for the matcher's benchmarks
 * (recall, speed). Titles and summaries are assembled from theme vocabularies (a topic, the setting
 * it is applied in, a method or qualifier, generic filler), about 80 % Vietnamese, some typed
 * without diacritics, some English, a few Korean; fields, TRL, VND prices and budgets, current
 * province codes, deal types and regulatory classes are drawn per record. The same seed always
 * gives the same records. Also a seeded 2M-edge candidate graph for timing the assignment.
 */
import { fold } from '../src/lib/text.js';
import { CURRENT_UNITS } from '../src/modules/reference/provinces.data.js';
import type { AssignEdge } from '../src/modules/matching/scoring/assign.js';
import type { DemandInput, Lang, Localized, OfferInput } from '../src/modules/matching/scoring/types.js';
import { mulberry32, type Random } from '../src/lib/random.js';

type Pair = readonly [vi: string, en: string];
interface Topic {
  field: string;
  vi: string;
  en: string;
  ko: string;
  settings: readonly Pair[];
}

// A topic is what a record is about; the settings are where it is applied. Popular topics come first
// (drawn more often), so some offers compete for many demands, as in the real registry.
const TOPICS: readonly Topic[] = [
  { field: 'ENV.WATER', vi: 'xử lý nước thải', en: 'wastewater treatment', ko: '폐수 처리', settings: [['chăn nuôi lợn', 'pig farms'], ['dệt nhuộm', 'textile dyeing'], ['chế biến thủy sản', 'seafood processing'], ['bệnh viện', 'hospitals'], ['khu công nghiệp', 'industrial parks']] },
  { field: 'ENE.SOLAR', vi: 'điện mặt trời áp mái', en: 'rooftop solar power', ko: '지붕형 태양광', settings: [['nhà xưởng', 'factories'], ['trang trại', 'farms'], ['tòa nhà văn phòng', 'office buildings']] },
  { field: 'AGR.FOOD', vi: 'máy sấy nông sản', en: 'crop dryer', ko: '농산물 건조기', settings: [['cà phê', 'coffee'], ['hồ tiêu', 'pepper'], ['trái cây cắt lát', 'sliced fruit'], ['dược liệu', 'medicinal herbs']] },
  { field: 'ICT.IOT', vi: 'giám sát IoT', en: 'IoT monitoring', ko: 'IoT 모니터링', settings: [['nhà kính', 'greenhouses'], ['ao nuôi tôm', 'shrimp ponds'], ['kho lạnh', 'cold stores'], ['nhà máy', 'factories']] },
  { field: 'LOG.COLD', vi: 'kho lạnh bảo quản', en: 'cold storage', ko: '냉동 창고', settings: [['nông sản', 'farm produce'], ['thủy sản', 'seafood'], ['vắc xin', 'vaccines']] },
  { field: 'ICT.SOFT', vi: 'phần mềm quản lý', en: 'management software', ko: '관리 소프트웨어', settings: [['kho hàng', 'warehouses'], ['bệnh viện', 'hospitals'], ['sản xuất', 'production'], ['nhân sự', 'human resources']] },
  { field: 'ENV.WASTE', vi: 'xử lý rác thải', en: 'waste treatment', ko: '폐기물 처리', settings: [['sinh hoạt', 'household'], ['y tế', 'medical'], ['công nghiệp', 'industrial']] },
  { field: 'AGR.BIO', vi: 'chế phẩm vi sinh', en: 'microbial product', ko: '미생물 제제', settings: [['cải tạo đất', 'soil improvement'], ['phân giải rơm rạ', 'straw decomposition'], ['xử lý ao nuôi', 'pond treatment']] },
  { field: 'MEC.AUTO', vi: 'tự động hóa dây chuyền', en: 'production line automation', ko: '생산 라인 자동화', settings: [['đóng gói', 'packaging'], ['chế biến thực phẩm', 'food processing'], ['may mặc', 'garments']] },
  { field: 'ENE.STORE', vi: 'pin lưu trữ năng lượng', en: 'battery energy storage', ko: '배터리 에너지 저장', settings: [['điện mặt trời', 'solar power'], ['trạm viễn thông', 'telecom sites']] },
  { field: 'ICT.AI', vi: 'nhận dạng hình ảnh bằng trí tuệ nhân tạo', en: 'AI image recognition', ko: 'AI 영상 인식', settings: [['kiểm tra chất lượng', 'quality inspection'], ['giám sát giao thông', 'traffic monitoring'], ['chẩn đoán X-quang', 'X-ray diagnosis']] },
  { field: 'ENV.AIR', vi: 'xử lý khí thải', en: 'flue gas treatment', ko: '배기가스 처리', settings: [['lò hơi đốt than', 'coal boilers'], ['lò gạch', 'brick kilns'], ['nhà máy xi măng', 'cement plants']] },
  { field: 'ENE.BIO', vi: 'khí sinh học biogas', en: 'biogas', ko: '바이오가스', settings: [['trang trại chăn nuôi', 'livestock farms'], ['nhà máy tinh bột sắn', 'cassava starch plants']] },
  { field: 'ENE.EFF', vi: 'tiết kiệm điện năng', en: 'energy saving', ko: '에너지 절감', settings: [['lò hơi công nghiệp', 'industrial boilers'], ['hệ thống lạnh', 'refrigeration'], ['chiếu sáng', 'lighting']] },
  { field: 'LOG.TRACE', vi: 'truy xuất nguồn gốc', en: 'traceability', ko: '이력 추적', settings: [['nông sản', 'farm produce'], ['thủy sản xuất khẩu', 'export seafood'], ['dược liệu', 'medicinal herbs']] },
  { field: 'AGR.AQUA', vi: 'nuôi tôm công nghệ cao', en: 'high-tech shrimp farming', ko: '첨단 새우 양식', settings: [['ao lót bạt', 'lined ponds'], ['nhà màng', 'covered tanks']] },
  { field: 'HLT.DIAG', vi: 'kit xét nghiệm nhanh', en: 'rapid test kit', ko: '신속 진단 키트', settings: [['sốt xuất huyết', 'dengue'], ['viêm gan B', 'hepatitis B'], ['cúm gia cầm', 'avian flu']] },
  { field: 'HLT.PHARM', vi: 'chiết xuất dược liệu', en: 'herbal extraction', ko: '약용 식물 추출', settings: [['nghệ vàng', 'turmeric'], ['đinh lăng', 'polyscias'], ['sâm Ngọc Linh', 'Ngoc Linh ginseng']] },
  { field: 'MEC.ROBOT', vi: 'robot hàn', en: 'welding robot', ko: '용접 로봇', settings: [['kết cấu thép', 'steel structures'], ['đóng tàu', 'shipbuilding'], ['khung xe máy', 'motorbike frames']] },
  { field: 'MAT.CONST', vi: 'gạch không nung', en: 'unfired bricks', ko: '비소성 벽돌', settings: [['tro bay', 'fly ash'], ['nhựa phế thải', 'plastic waste'], ['xỉ thép', 'steel slag']] },
  { field: 'MAT.POLY', vi: 'vật liệu composite', en: 'composite material', ko: '복합 재료', settings: [['vỏ tàu cá', 'fishing boat hulls'], ['nội thất ô tô', 'car interiors'], ['ống dẫn', 'pipes']] },
  { field: 'MAT.BIO', vi: 'bao bì phân hủy sinh học', en: 'biodegradable packaging', ko: '생분해성 포장', settings: [['thực phẩm', 'food'], ['siêu thị', 'supermarkets']] },
  { field: 'LOG.TRANS', vi: 'tối ưu lộ trình vận tải', en: 'route optimisation', ko: '운송 경로 최적화', settings: [['đội xe tải', 'truck fleets'], ['giao hàng chặng cuối', 'last-mile delivery']] },
  { field: 'HLT.DIGI', vi: 'khám chữa bệnh từ xa', en: 'telemedicine', ko: '원격 진료', settings: [['trạm y tế xã', 'commune health stations'], ['bệnh viện tỉnh', 'provincial hospitals']] },
  { field: 'ICT.SEC', vi: 'giám sát an toàn thông tin', en: 'cybersecurity monitoring', ko: '보안 관제', settings: [['ngân hàng', 'banks'], ['cơ quan nhà nước', 'government agencies']] },
  { field: 'MEC.MACH', vi: 'máy CNC', en: 'CNC machine', ko: 'CNC 기계', settings: [['gia công gỗ', 'woodworking'], ['cơ khí chính xác', 'precision engineering']] },
  { field: 'AGR.SMART', vi: 'tưới tiết kiệm nước', en: 'water-saving irrigation', ko: '절수 관개', settings: [['cà phê', 'coffee'], ['rau màu', 'vegetables'], ['cây ăn quả', 'orchards']] },
  { field: 'ENE.WIND', vi: 'điện gió quy mô nhỏ', en: 'small wind power', ko: '소형 풍력', settings: [['hải đảo', 'islands'], ['ven biển', 'coastal areas']] },
  { field: 'MEC.ADD', vi: 'in 3D kim loại', en: 'metal 3D printing', ko: '금속 3D 프린팅', settings: [['phụ tùng thay thế', 'spare parts'], ['khuôn mẫu', 'moulds']] },
  { field: 'CHE.PROC', vi: 'sản xuất phân bón hữu cơ', en: 'organic fertiliser production', ko: '유기 비료 생산', settings: [['phụ phẩm nông nghiệp', 'crop residues'], ['bùn mía', 'sugar cane mud']] },
];

const QUALIFIERS: readonly Pair[] = [
  ['chi phí thấp', 'at low cost'],
  ['chế tạo trong nước', 'made in Vietnam'],
  ['tích hợp giám sát từ xa', 'with remote monitoring'],
  ['hiệu suất cao', 'with high efficiency'],
  ['thân thiện môi trường', 'environmentally friendly'],
  ['quy mô vừa và nhỏ', 'at small and medium scale'],
  ['vận hành tự động', 'with automatic operation'],
  ['dạng mô-đun', 'in modular form'],
];
const OFFER_LEADS: readonly Pair[] = [['Công nghệ', 'Technology for'], ['Hệ thống', 'System for'], ['Giải pháp', 'Solution for'], ['Thiết bị', 'Equipment for'], ['Quy trình', 'Process for']];
const DEMAND_LEADS: readonly Pair[] = [['Cần công nghệ', 'Looking for'], ['Tìm giải pháp', 'Seeking a solution for'], ['Đặt hàng', 'Need'], ['Nhu cầu đổi mới', 'Upgrade of']];
const FILLER: readonly Pair[] = [
  ['Đã chuyển giao cho nhiều doanh nghiệp trong nước.', 'Already transferred to several companies.'],
  ['Có đội ngũ kỹ thuật hỗ trợ lắp đặt và đào tạo vận hành.', 'Installation support and operator training included.'],
  ['Giảm chi phí vận hành so với công nghệ nhập khẩu.', 'Lower operating cost than imported technology.'],
  ['Được cấp bằng độc quyền giải pháp hữu ích.', 'Protected by a utility solution.'],
  ['Phù hợp điều kiện khí hậu nhiệt đới.', 'Suited to tropical conditions.'],
];
const PROBLEMS: readonly Pair[] = [
  ['hiện tại làm thủ công, năng suất thấp', 'the current process is manual and slow'],
  ['chi phí năng lượng cao', 'energy costs are high'],
  ['chưa đạt quy chuẩn môi trường', 'environmental standards are not met'],
  ['chất lượng sản phẩm không đồng đều', 'product quality is uneven'],
  ['thiết bị cũ thường xuyên hỏng', 'old equipment breaks down often'],
];
/** Specifics per theme: what a record is precisely about beyond its topic (pollutant, crop, scale…). */
const SPECIFICS: Record<string, readonly Pair[]> = {
  ENV: [['COD và amoni', 'COD and ammonia'], ['kim loại nặng', 'heavy metals'], ['mùi hôi', 'odour'], ['bùn thải', 'sludge'], ['bụi mịn', 'fine dust'], ['SO2 và NOx', 'SO2 and NOx'], ['dầu mỡ', 'oil and grease'], ['độ màu', 'colour']],
  ENE: [['giờ cao điểm', 'peak hours'], ['inverter', 'inverter'], ['lithium sắt phosphate', 'LFP lithium'], ['hòa lưới', 'grid connection'], ['máy nén khí', 'air compressors'], ['đèn LED', 'LED lighting'], ['trấu', 'rice husk'], ['phân bò', 'cattle manure']],
  AGR: [['cà phê nhân', 'green coffee'], ['thanh long', 'dragon fruit'], ['sầu riêng', 'durian'], ['tôm thẻ chân trắng', 'whiteleg shrimp'], ['lúa gạo', 'rice'], ['rau thủy canh', 'hydroponic vegetables'], ['nấm mốc', 'mould'], ['rầy nâu', 'brown planthopper']],
  ICT: [['mã vạch', 'barcodes'], ['camera', 'cameras'], ['LoRaWAN', 'LoRaWAN'], ['điện toán đám mây', 'cloud'], ['ứng dụng di động', 'mobile app'], ['học sâu', 'deep learning'], ['cơ sở dữ liệu', 'database'], ['tường lửa', 'firewall']],
  LOG: [['container lạnh', 'reefer containers'], ['pallet', 'pallets'], ['mã QR', 'QR codes'], ['xe tải', 'trucks'], ['nhiệt độ 2–8 °C', '2–8 °C'], ['kho ngoại quan', 'bonded warehouse'], ['hàng xuất khẩu', 'export cargo'], ['tem nhãn', 'labels']],
  MEC: [['PLC', 'PLC'], ['servo', 'servo drives'], ['thị giác máy', 'machine vision'], ['hàn MIG', 'MIG welding'], ['thép không gỉ', 'stainless steel'], ['băng tải', 'conveyors'], ['khí nén', 'pneumatics'], ['dao cụ', 'cutting tools']],
  MAT: [['tro bay', 'fly ash'], ['sợi đay', 'jute fibre'], ['tinh bột sắn', 'cassava starch'], ['nano bạc', 'silver nanoparticles'], ['chống thấm', 'waterproofing'], ['chịu nhiệt', 'heat resistance'], ['nhựa PP', 'PP resin'], ['xi măng', 'cement']],
  HLT: [['kháng nguyên', 'antigens'], ['bệnh án điện tử', 'electronic records'], ['GMP', 'GMP'], ['viên nang', 'capsules'], ['X-quang', 'X-ray'], ['sinh phẩm', 'biologicals'], ['trạm y tế', 'health stations'], ['cao khô', 'dry extract']],
  CHE: [['dung môi', 'solvents'], ['xúc tác', 'catalysts'], ['lên men', 'fermentation'], ['bã mía', 'bagasse'], ['phốt pho', 'phosphorus'], ['tinh dầu', 'essential oils'], ['nhựa thông', 'pine resin'], ['than sinh học', 'biochar']],
};
const themeOf = (field: string): string => field.slice(0, field.indexOf('.'));

/** Noise: technical words any record may carry, so that records of one topic are not word-for-word twins. */
const NOISE: readonly Pair[] = [
  ['cảm biến', 'sensor'], ['vi sinh', 'microbial'], ['nhiệt độ', 'temperature'], ['độ ẩm', 'humidity'], ['phần mềm', 'software'],
  ['điện năng', 'electricity'], ['bảo trì', 'maintenance'], ['tiêu chuẩn ISO', 'ISO standard'], ['đào tạo', 'training'], ['nhập khẩu', 'imported'],
  ['năng suất', 'throughput'], ['chất lượng', 'quality'], ['an toàn', 'safety'], ['hợp tác xã', 'cooperative'], ['xuất khẩu', 'export'],
  ['bơm', 'pump'], ['màng lọc', 'membrane'], ['động cơ', 'motor'], ['inox', 'stainless steel'], ['nhựa', 'plastic'],
];
const DEALS = ['licence_exclusive', 'licence_non_exclusive', 'sale', 'joint_venture', 'rd_cooperation', 'technical_assistance', 'equipment_supply', 'consulting'];
const METHODS = ['documents', 'training', 'expert_assistance', 'equipment', 'other'];
const FOREIGN = ['KR', 'JP', 'SG', 'DE', 'US'];
const PROVINCES = CURRENT_UNITS.map((u) => u.code);
const NOW = Date.parse('2026-11-29T00:00:00.000Z');
const DAY = 86_400_000;

function dice(rnd: Random) {
  const int = (min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  /** Skewed towards the start of the list: popular topics (the first of 30 drawn about 5 times as often as the last). */
  const skewed = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() ** 1.5 * xs.length)]!;
  const some = <T>(xs: readonly T[], min: number, max: number): T[] => {
    const n = int(min, Math.min(max, xs.length));
    const chosen = new Set<T>();
    while (chosen.size < n) chosen.add(pick(xs));
    return xs.filter((x) => chosen.has(x));
  };
  const vnd = (minMillion: number, maxMillion: number): number => Math.round(Math.exp(Math.log(minMillion) + rnd() * Math.log(maxMillion / minMillion))) * 1_000_000;
  return { rnd, int, pick, skewed, some, vnd };
}
type Dice = ReturnType<typeof dice>;

type Style = 'vi' | 'folded' | 'en' | 'ko';
function style(d: Dice): Style {
  const r = d.rnd();
  return r < 0.72 ? 'vi' : r < 0.85 ? 'folded' : r < 0.97 ? 'en' : 'ko';
}

function texts(s: Style, vi: [string, string], en: [string, string], ko: string): { title: Localized; body: Localized; language: Lang } {
  if (s === 'en') return { title: { en: en[0] }, body: { en: en[1] }, language: 'en' };
  if (s === 'ko') return { title: { ko, en: en[0] }, body: { en: en[1] }, language: 'ko' };
  if (s === 'folded') return { title: { vi: fold(vi[0]).toLowerCase() }, body: { vi: fold(vi[1]).toLowerCase() }, language: 'vi' };
  return { title: { vi: vi[0] }, body: { vi: vi[1] }, language: 'vi' };
}

function fieldsOf(d: Dice, t: Topic): string[] {
  const r = d.rnd();
  if (r < 0.1) return [];
  if (r < 0.35) return [t.field, d.pick(TOPICS).field].filter((f, i, a) => a.indexOf(f) === i);
  return [t.field];
}

function offer(d: Dice, i: number): OfferInput {
  const t = d.skewed(TOPICS);
  const [settingVi, settingEn] = d.pick(t.settings);
  const [qVi, qEn] = d.pick(QUALIFIERS);
  const [leadVi, leadEn] = d.pick(OFFER_LEADS);
  const [fillVi, fillEn] = d.pick(FILLER);
  const other = d.pick(TOPICS);
  const noise = d.some(NOISE, 0, 3);
  const noiseVi = noise.map((n) => n[0]).join(', ');
  const noiseEn = noise.map((n) => n[1]).join(', ');
  const spec = d.some(SPECIFICS[themeOf(t.field)]!, 1, 2);
  const specVi = spec.map((x) => x[0]).join(', ');
  const specEn = spec.map((x) => x[1]).join(', ');
  const s = style(d);
  const tx = texts(
    s,
    [`${leadVi} ${t.vi} cho ${settingVi}: ${specVi}`, `${leadVi} ${t.vi} ứng dụng trong ${settingVi}, xử lý vấn đề ${specVi}, ${qVi}; có thể kết hợp ${other.vi}. ${fillVi} ${noiseVi}`.trim()],
    [`${leadEn} ${t.en} in ${settingEn}: ${specEn}`, `${leadEn} ${t.en} in ${settingEn}, addressing ${specEn}, ${qEn}; can be combined with ${other.en}. ${fillEn} ${noiseEn}`.trim()],
    `${settingEn} ${t.ko} 기술`,
  );
  const foreign = s === 'ko' || (s === 'en' && d.rnd() < 0.6);
  const priced = d.rnd() < 0.8;
  const low = d.vnd(30, 20_000);
  return {
    id: `syn-o-${i}`,
    organizationId: `syn-org-o-${Math.floor(i / 3)}`,
    province: d.pick(PROVINCES),
    country: s === 'ko' ? 'KR' : foreign ? d.pick(FOREIGN) : 'VN',
    language: tx.language,
    title: tx.title,
    summary: tx.body,
    description: null,
    advantages: null,
    applications: null,
    fields: fieldsOf(d, t),
    keywords: d.rnd() < 0.6 ? [s === 'en' || s === 'ko' ? t.en : t.vi] : [],
    trl: d.int(3, 9),
    transferForms: ['independent_contract'],
    transferMethods: d.some(METHODS, 1, 3),
    dealTypes: d.some(DEALS, 1, 4),
    priceMin: priced ? low : null,
    priceMax: priced ? Math.round(low * (1 + d.rnd() * 2)) : null,
    priceNegotiable: !priced || d.rnd() < 0.3,
    targetProvinces: d.rnd() < 0.2 ? d.some(PROVINCES, 1, 4) : [],
    targetCountries: [],
    regulatoryClass: d.rnd() < 0.002 ? 'prohibited' : d.rnd() < 0.01 ? 'restricted' : d.rnd() < 0.2 ? 'encouraged' : 'normal',
    updatedAt: new Date(NOW - d.int(0, 360) * DAY),
    languages: s === 'ko' ? ['ko', 'en'] : s === 'en' ? ['en'] : d.rnd() < 0.2 ? ['vi', 'en'] : ['vi'],
  };
}

function demand(d: Dice, i: number): DemandInput {
  const t = d.skewed(TOPICS);
  const [settingVi, settingEn] = d.pick(t.settings);
  const [leadVi, leadEn] = d.pick(DEMAND_LEADS);
  const [pVi, pEn] = d.pick(PROBLEMS);
  const noise = d.some(NOISE, 0, 2);
  const [specVi, specEn] = d.pick(SPECIFICS[themeOf(t.field)]!);
  const s = style(d);
  const tx = texts(
    s,
    [`${leadVi} ${t.vi} cho ${settingVi}`, `Doanh nghiệp trong lĩnh vực ${settingVi} cần ${t.vi}, vấn đề chính là ${specVi}; ${pVi}. ${noise.map((n) => n[0]).join(', ')}`.trim()],
    [`${leadEn} ${t.en} for ${settingEn}`, `Our company in ${settingEn} needs ${t.en}, mainly for ${specEn}; ${pEn}. ${noise.map((n) => n[1]).join(', ')}`.trim()],
    `${t.ko} 수요`,
  );
  const budgeted = d.rnd() < 0.7;
  const low = d.vnd(50, 10_000);
  return {
    id: `syn-d-${i}`,
    organizationId: `syn-org-d-${i}`,
    province: d.pick(PROVINCES),
    country: s === 'ko' ? 'KR' : 'VN',
    language: tx.language,
    title: tx.title,
    problem: tx.body,
    currentProcess: null,
    requiredResult: null,
    constraints: null,
    fields: fieldsOf(d, t),
    keywords: [],
    minTrl: d.rnd() < 0.5 ? d.int(4, 7) : null,
    dealTypes: d.some(DEALS, 2, 5),
    transferMethods: d.some(METHODS, 1, 4),
    originPreference: d.rnd() < 0.7 ? 'any' : d.rnd() < 0.7 ? 'domestic' : 'foreign',
    budgetMin: budgeted ? low : null,
    budgetMax: budgeted ? Math.round(low * (1.5 + d.rnd() * 3)) : null,
    urgency: d.pick(['low', 'medium', 'high'] as const),
    neededBy: d.rnd() < 0.5 ? new Date(NOW + d.int(30, 500) * DAY).toISOString().slice(0, 10) : null,
    updatedAt: new Date(NOW - d.int(0, 200) * DAY),
    languages: s === 'ko' ? ['ko', 'en'] : s === 'en' ? ['en'] : ['vi'],
  };
}

export interface SyntheticSet {
  offers: OfferInput[];
  demands: DemandInput[];
  /** Reference date of the set (params.now), so freshness does not depend on the run date. */
  now: string;
}

export function syntheticMatchingSet({ offers = 10_000, demands = 2_000, seed = 42 }: { offers?: number; demands?: number; seed?: number } = {}): SyntheticSet {
  // Separate streams: the demands stay the same when only the number of offers changes.
  const od = dice(mulberry32(seed));
  const dd = dice(mulberry32(seed ^ 0x5bd1e995));
  return {
    offers: Array.from({ length: offers }, (_, i) => offer(od, i)),
    demands: Array.from({ length: demands }, (_, i) => demand(dd, i)),
    now: new Date(NOW).toISOString(),
  };
}

/**
 * A candidate graph the size of the nightly run (default 20,000 demands × 100 candidates = 2M edges)
 * for timing the assignment: each demand draws most candidates from its theme, popular offers more
 * often, with scores that fall with rank. offers / demands × cap sets how hard offers are contested.
 */
export function syntheticAssignEdges({ demands = 20_000, offers = 60_000, perDemand = 100, seed = 7 }: { demands?: number; offers?: number; perDemand?: number; seed?: number } = {}): AssignEdge[] {
  const d = dice(mulberry32(seed));
  const themes = 8;
  const perTheme = Math.floor(offers / themes);
  const offerIds = Array.from({ length: offers }, (_, i) => `o${i}`);
  const edges: AssignEdge[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < demands; i++) {
    const demandId = `d${i}`;
    const theme = d.int(0, themes - 1);
    taken.clear();
    while (taken.size < Math.min(perDemand, offers)) {
      const inTheme = d.rnd() < 0.8;
      const t = inTheme ? theme : d.int(0, themes - 1);
      const pos = Math.floor(d.rnd() * d.rnd() * perTheme);
      const o = Math.min(offers - 1, t * perTheme + pos);
      if (taken.has(o)) continue;
      taken.add(o);
      const score = Math.min(1, Math.max(0.01, (inTheme ? 0.5 : 0.25) + (d.rnd() - 0.5) * 0.5 + (1 - pos / perTheme) * 0.2));
      edges.push({ demandId, offerId: offerIds[o]!, score });
    }
  }
  return edges;
}
