// Seeds a PostgreSQL database with a reproducible, realistic registry for the benchmarks:
// organisations and technology offers assembled from domain vocabulary by a seeded PRNG, stored
// exactly as the registry service stores them (province roll-up, search forms).
//   import { seedRegistry } from './seed-registry.js';
//   await seedRegistry(url, { offers: 100_000, organizations: 2_000, seed: 42 });
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { openDatabase, queryRows, type Db } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { offers, organizations } from '../src/db/schema/index.js';
import { FIELDS } from '../src/modules/reference/fields.data.js';
import { CURRENT_UNITS, PRE_2025_UNITS } from '../src/modules/reference/provinces.data.js';
import { currentProvinceOf } from '../src/modules/reference/reference.lookup.js';
import { DEAL_TYPES, IP_STATUSES, IP_TYPES, TRANSFER_FORMS, TRANSFER_METHODS } from '../src/modules/registry/enums.js';
import { offersResource, organizationsResource } from '../src/modules/registry/resources/index.js';
import { searchDocument } from '../src/modules/registry/search.js';

export const BENCH_SOURCE = 'bench';
/** Rows per INSERT: ~36 parameters a row stays well under PostgreSQL's 65,535 per statement. */
const BATCH = 1_000;

export interface SeedOptions {
  offers: number;
  organizations: number;
  seed: number;
}

export interface SeedResult {
  /** False when the database already held enough bench offers and nothing was written. */
  seeded: boolean;
  offersInDatabase: number;
  organizationsInDatabase: number;
  seconds: number;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness: the same seed gives the same data set, so runs on different days compare.

import { mulberry32, type Random } from '../src/lib/random.js';

export { mulberry32, type Random };

function dice(rnd: Random) {
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const chance = (p: number) => rnd() < p;
  const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
    let r = rnd() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of pairs) if ((r -= w) < 0) return value;
    return (pairs.at(-1) as readonly [T, number])[0];
  };
  /** Between min and max distinct items, in list order. */
  const some = <T>(xs: readonly T[], min: number, max: number): T[] => {
    const n = int(min, Math.min(max, xs.length));
    const chosen = new Set<T>();
    while (chosen.size < n) chosen.add(pick(xs));
    return xs.filter((x) => chosen.has(x));
  };
  return { int, pick, chance, weighted, some };
}
type Dice = ReturnType<typeof dice>;

// ---------------------------------------------------------------------------------------------
// Domain vocabulary. Every top-level theme of the taxonomy has topics; each topic names its field
// code, a core phrase in vi/en/ko, and the settings it is applied in (vi/en).

type Pair = readonly [vi: string, en: string];
interface Topic {
  field: string;
  vi: string;
  en: string;
  ko: string;
  targets: readonly Pair[];
}

const TOPICS: readonly Topic[] = [
  // ENV
  { field: 'ENV.WATER', vi: 'xử lý nước thải', en: 'wastewater treatment', ko: '폐수 처리', targets: [['chăn nuôi heo', 'pig farms'], ['dệt nhuộm', 'textile dyeing'], ['chế biến thủy sản', 'seafood processing'], ['bệnh viện', 'hospitals'], ['khu công nghiệp', 'industrial parks'], ['làng nghề', 'craft villages']] },
  { field: 'ENV.WATER', vi: 'lọc nước uống', en: 'drinking water purification', ko: '식수 정화', targets: [['vùng nông thôn', 'rural areas'], ['trường học', 'schools'], ['vùng nhiễm mặn', 'saline areas'], ['hộ gia đình', 'households']] },
  { field: 'ENV.WASTE', vi: 'tái chế nhựa phế thải', en: 'plastic waste recycling', ko: '폐플라스틱 재활용', targets: [['bao bì', 'packaging'], ['rác thải sinh hoạt', 'household waste'], ['làng nghề tái chế', 'recycling villages']] },
  { field: 'ENV.WASTE', vi: 'xử lý chất thải rắn', en: 'solid waste treatment', ko: '고형 폐기물 처리', targets: [['đô thị', 'cities'], ['bệnh viện', 'hospitals'], ['khu công nghiệp', 'industrial parks']] },
  { field: 'ENV.AIR', vi: 'xử lý khí thải', en: 'flue gas treatment', ko: '배기가스 처리', targets: [['lò hơi đốt than', 'coal-fired boilers'], ['lò gạch', 'brick kilns'], ['nhà máy xi măng', 'cement plants']] },
  { field: 'ENV.MON', vi: 'quan trắc môi trường tự động', en: 'automatic environmental monitoring', ko: '자동 환경 모니터링', targets: [['nước mặt', 'surface water'], ['khí thải ống khói', 'stack emissions'], ['nuôi trồng thủy sản', 'aquaculture']] },
  { field: 'ENV.CLIM', vi: 'cảnh báo sớm lũ quét', en: 'flash flood early warning', ko: '돌발 홍수 조기 경보', targets: [['miền núi phía Bắc', 'the northern mountains'], ['miền Trung', 'the central region']] },
  { field: 'ENV.CLIM', vi: 'chống xâm nhập mặn', en: 'saltwater intrusion control', ko: '염수 침입 방지', targets: [['đồng bằng sông Cửu Long', 'the Mekong Delta'], ['vùng ven biển', 'coastal areas']] },
  // ENE
  { field: 'ENE.SOLAR', vi: 'điện năng lượng mặt trời áp mái', en: 'rooftop solar power', ko: '지붕형 태양광 발전', targets: [['nhà xưởng', 'factories'], ['hộ gia đình', 'households'], ['trang trại', 'farms']] },
  { field: 'ENE.SOLAR', vi: 'máy sấy năng lượng mặt trời', en: 'solar dryer', ko: '태양광 건조기', targets: [['nông sản', 'farm produce'], ['hải sản', 'seafood']] },
  { field: 'ENE.SOLAR', vi: 'bơm nước năng lượng mặt trời', en: 'solar water pumping', ko: '태양광 양수', targets: [['tưới tiêu', 'irrigation'], ['vùng khô hạn', 'dry areas']] },
  { field: 'ENE.WIND', vi: 'điện gió quy mô nhỏ', en: 'small wind power', ko: '소형 풍력 발전', targets: [['hải đảo', 'islands'], ['vùng ven biển', 'coastal areas']] },
  { field: 'ENE.BIO', vi: 'khí sinh học biogas', en: 'biogas production', ko: '바이오가스 생산', targets: [['trang trại chăn nuôi', 'livestock farms'], ['nhà máy tinh bột sắn', 'cassava starch plants']] },
  { field: 'ENE.STORE', vi: 'pin lưu trữ năng lượng', en: 'battery energy storage', ko: '배터리 에너지 저장', targets: [['hệ thống điện mặt trời', 'solar systems'], ['trạm viễn thông', 'telecom stations']] },
  { field: 'ENE.EFF', vi: 'tiết kiệm năng lượng', en: 'energy saving', ko: '에너지 절감', targets: [['lò hơi công nghiệp', 'industrial boilers'], ['hệ thống chiếu sáng', 'lighting systems'], ['tòa nhà văn phòng', 'office buildings']] },
  { field: 'ENE.H2', vi: 'sản xuất hydro xanh', en: 'green hydrogen production', ko: '그린 수소 생산', targets: [['nhà máy phân bón', 'fertiliser plants'], ['trạm nạp nhiên liệu', 'refuelling stations']] },
  { field: 'ENE.GRID', vi: 'quản lý lưới điện thông minh', en: 'smart grid management', ko: '스마트 그리드 관리', targets: [['điện lực tỉnh', 'provincial utilities'], ['khu công nghiệp', 'industrial parks']] },
  // LOG
  { field: 'LOG.COLD', vi: 'kho lạnh', en: 'cold storage', ko: '냉동 창고', targets: [['nông sản', 'farm produce'], ['thủy sản', 'seafood'], ['vắc xin', 'vaccines']] },
  { field: 'LOG.COLD', vi: 'vận chuyển chuỗi lạnh', en: 'cold chain transport', ko: '콜드체인 운송', targets: [['trái cây xuất khẩu', 'export fruit'], ['thực phẩm tươi sống', 'fresh food']] },
  { field: 'LOG.TRACE', vi: 'truy xuất nguồn gốc', en: 'traceability', ko: '이력 추적', targets: [['nông sản', 'farm produce'], ['thủy sản xuất khẩu', 'export seafood'], ['dược liệu', 'medicinal herbs']] },
  { field: 'LOG.WARE', vi: 'quản lý kho thông minh', en: 'smart warehouse management', ko: '스마트 창고 관리', targets: [['thương mại điện tử', 'e-commerce'], ['phân phối bán lẻ', 'retail distribution']] },
  { field: 'LOG.TRANS', vi: 'tối ưu hóa lộ trình vận tải', en: 'transport route optimisation', ko: '운송 경로 최적화', targets: [['đội xe tải', 'truck fleets'], ['giao hàng chặng cuối', 'last-mile delivery']] },
  { field: 'LOG.PORT', vi: 'cảng điện tử', en: 'e-port operations', ko: '전자 항만', targets: [['cảng container', 'container terminals'], ['cảng cạn ICD', 'inland container depots']] },
  // AGR
  { field: 'AGR.FOOD', vi: 'sấy lạnh', en: 'cold drying', ko: '저온 건조', targets: [['trái cây', 'fruit'], ['dược liệu', 'medicinal herbs'], ['hải sản', 'seafood']] },
  { field: 'AGR.FOOD', vi: 'bảo quản sau thu hoạch', en: 'post-harvest preservation', ko: '수확 후 저장', targets: [['thanh long', 'dragon fruit'], ['xoài', 'mango'], ['sầu riêng', 'durian'], ['lúa gạo', 'rice']] },
  { field: 'AGR.BIO', vi: 'chế phẩm vi sinh', en: 'microbial product', ko: '미생물 제제', targets: [['cải tạo đất', 'soil improvement'], ['xử lý phụ phẩm nông nghiệp', 'crop residue treatment'], ['nuôi tôm', 'shrimp farming']] },
  { field: 'AGR.AQUA', vi: 'nuôi tôm công nghệ cao', en: 'high-tech shrimp farming', ko: '첨단 새우 양식', targets: [['ao nuôi', 'ponds'], ['nhà màng', 'covered tanks']] },
  { field: 'AGR.SMART', vi: 'tưới tiết kiệm nước', en: 'water-saving irrigation', ko: '절수 관개', targets: [['cà phê', 'coffee'], ['hồ tiêu', 'pepper'], ['rau màu', 'vegetables']] },
  { field: 'AGR.CROP', vi: 'nhân giống cây trồng bằng nuôi cấy mô', en: 'tissue-culture plant propagation', ko: '조직 배양 묘목 생산', targets: [['hoa lan', 'orchids'], ['chuối', 'banana'], ['sâm Ngọc Linh', 'Ngoc Linh ginseng']] },
  { field: 'AGR.LIVE', vi: 'vắc xin thú y', en: 'veterinary vaccine', ko: '동물 백신', targets: [['dịch tả lợn châu Phi', 'African swine fever'], ['gia cầm', 'poultry']] },
  { field: 'AGR.FOREST', vi: 'chế biến gỗ rừng trồng', en: 'plantation timber processing', ko: '조림 목재 가공', targets: [['gỗ keo', 'acacia wood'], ['đồ gỗ nội thất', 'furniture']] },
  // HLT
  { field: 'HLT.DEV', vi: 'thiết bị y tế', en: 'medical device', ko: '의료기기', targets: [['phòng khám', 'clinics'], ['bệnh viện tuyến huyện', 'district hospitals'], ['chăm sóc tại nhà', 'home care']] },
  { field: 'HLT.DEV', vi: 'máy thở không xâm nhập', en: 'non-invasive ventilator', ko: '비침습 인공호흡기', targets: [['hồi sức cấp cứu', 'intensive care'], ['trạm y tế xã', 'commune health stations']] },
  { field: 'HLT.PHARM', vi: 'chiết xuất dược liệu', en: 'medicinal herb extraction', ko: '약용 식물 추출', targets: [['nghệ vàng', 'turmeric'], ['đinh lăng', 'polyscias'], ['cà gai leo', 'Solanum procumbens']] },
  { field: 'HLT.DIAG', vi: 'kit xét nghiệm nhanh', en: 'rapid test kit', ko: '신속 진단 키트', targets: [['sốt xuất huyết', 'dengue'], ['viêm gan B', 'hepatitis B']] },
  { field: 'HLT.DIGI', vi: 'khám chữa bệnh từ xa', en: 'telemedicine', ko: '원격 진료', targets: [['trạm y tế xã', 'commune health stations'], ['bệnh viện tuyến tỉnh', 'provincial hospitals']] },
  { field: 'HLT.BIO', vi: 'liệu pháp tế bào gốc', en: 'stem cell therapy', ko: '줄기세포 치료', targets: [['chấn thương chỉnh hình', 'orthopaedic injuries'], ['bệnh tiểu đường', 'diabetes']] },
  // ICT
  { field: 'ICT.IOT', vi: 'giám sát IoT', en: 'IoT monitoring', ko: 'IoT 모니터링', targets: [['nhà kính', 'greenhouses'], ['ao nuôi tôm', 'shrimp ponds'], ['kho lạnh', 'cold stores'], ['nhà máy', 'factories']] },
  { field: 'ICT.IOT', vi: 'nền tảng IoT', en: 'IoT platform', ko: 'IoT 플랫폼', targets: [['đô thị thông minh', 'smart cities'], ['nông nghiệp', 'agriculture']] },
  { field: 'ICT.AI', vi: 'nhận dạng hình ảnh bằng trí tuệ nhân tạo', en: 'AI image recognition', ko: 'AI 영상 인식', targets: [['kiểm tra chất lượng sản phẩm', 'product quality inspection'], ['giám sát giao thông', 'traffic monitoring']] },
  { field: 'ICT.AI', vi: 'trợ lý ảo tiếng Việt', en: 'Vietnamese chatbot', ko: '베트남어 챗봇', targets: [['dịch vụ công', 'public services'], ['chăm sóc khách hàng', 'customer care']] },
  { field: 'ICT.SOFT', vi: 'phần mềm quản trị doanh nghiệp ERP', en: 'ERP software', ko: 'ERP 소프트웨어', targets: [['doanh nghiệp sản xuất', 'manufacturers'], ['hợp tác xã', 'cooperatives']] },
  { field: 'ICT.DATA', vi: 'nền tảng dữ liệu lớn', en: 'big data platform', ko: '빅데이터 플랫폼', targets: [['ngân hàng', 'banks'], ['chính quyền số', 'digital government']] },
  { field: 'ICT.SEC', vi: 'giám sát an toàn thông tin', en: 'security operations monitoring', ko: '보안 관제', targets: [['cơ quan nhà nước', 'government agencies'], ['doanh nghiệp', 'enterprises']] },
  { field: 'ICT.ELEC', vi: 'thiết kế vi mạch', en: 'chip design', ko: '반도체 설계', targets: [['cảm biến', 'sensors'], ['thiết bị IoT', 'IoT devices']] },
  { field: 'ICT.TEL', vi: 'trạm phát sóng 5G', en: '5G base station', ko: '5G 기지국', targets: [['vùng sâu vùng xa', 'remote areas'], ['khu công nghiệp', 'industrial parks']] },
  // MEC
  { field: 'MEC.ROBOT', vi: 'robot hàn', en: 'welding robot', ko: '용접 로봇', targets: [['kết cấu thép', 'steel structures'], ['khung xe máy', 'motorbike frames'], ['đóng tàu', 'shipbuilding']] },
  { field: 'MEC.ROBOT', vi: 'robot gắp xếp sản phẩm', en: 'pick-and-place robot', ko: '피킹 로봇', targets: [['đóng gói', 'packaging'], ['kho hàng', 'warehouses']] },
  { field: 'MEC.AUTO', vi: 'tự động hóa dây chuyền sản xuất', en: 'production line automation', ko: '생산 라인 자동화', targets: [['chế biến thực phẩm', 'food processing'], ['may mặc', 'garments']] },
  { field: 'MEC.MACH', vi: 'máy CNC', en: 'CNC machine', ko: 'CNC 기계', targets: [['gia công gỗ', 'woodworking'], ['cơ khí chính xác', 'precision engineering']] },
  { field: 'MEC.MECH', vi: 'hệ thống cơ điện tử', en: 'mechatronic system', ko: '메카트로닉스 시스템', targets: [['máy nông nghiệp', 'farm machinery'], ['thang máy', 'elevators']] },
  { field: 'MEC.ADD', vi: 'in 3D kim loại', en: 'metal 3D printing', ko: '금속 3D 프린팅', targets: [['khuôn mẫu', 'moulds'], ['cấy ghép y tế', 'medical implants']] },
  // MAT
  { field: 'MAT.POLY', vi: 'vật liệu composite', en: 'composite material', ko: '복합 재료', targets: [['vỏ tàu cá', 'fishing boat hulls'], ['cánh quạt điện gió', 'wind turbine blades'], ['ống dẫn', 'pipes']] },
  { field: 'MAT.NANO', vi: 'vật liệu nano bạc', en: 'silver nanomaterial', ko: '은 나노 소재', targets: [['dệt may kháng khuẩn', 'antibacterial textiles'], ['xử lý nước', 'water treatment']] },
  { field: 'MAT.METAL', vi: 'hợp kim nhôm', en: 'aluminium alloy', ko: '알루미늄 합금', targets: [['ô tô', 'automotive parts'], ['xây dựng', 'construction']] },
  { field: 'MAT.CERAM', vi: 'men gốm', en: 'ceramic glaze', ko: '도자기 유약', targets: [['gốm Bát Tràng', 'Bat Trang pottery'], ['gạch ốp lát', 'tiles']] },
  { field: 'MAT.BIO', vi: 'vật liệu sinh học phân hủy', en: 'biodegradable material', ko: '생분해성 소재', targets: [['bao bì', 'packaging'], ['ống hút', 'drinking straws']] },
  { field: 'MAT.CONST', vi: 'gạch không nung', en: 'unfired brick', ko: '비소성 벽돌', targets: [['nhà ở nông thôn', 'rural housing'], ['công trình công cộng', 'public works']] },
  // CHE
  { field: 'CHE.PROC', vi: 'sản xuất phân bón hữu cơ', en: 'organic fertiliser production', ko: '유기 비료 생산', targets: [['phụ phẩm nông nghiệp', 'crop residues'], ['bùn thải', 'sludge']] },
  { field: 'CHE.FINE', vi: 'mỹ phẩm từ thiên nhiên', en: 'natural cosmetics', ko: '천연 화장품', targets: [['tinh dầu', 'essential oils'], ['chăm sóc da', 'skin care']] },
  { field: 'CHE.PETRO', vi: 'nhiên liệu sinh học', en: 'biofuel', ko: '바이오 연료', targets: [['dầu ăn thải', 'waste cooking oil'], ['phụ phẩm mía đường', 'sugar cane by-products']] },
];

/** Qualifiers per top-level theme, appended to titles. */
const METHODS: Record<string, readonly Pair[]> = {
  ENV: [['bằng công nghệ màng sinh học MBR', 'using an MBR membrane bioreactor'], ['kết hợp keo tụ điện hóa', 'combined with electrocoagulation'], ['sử dụng vi sinh vật bản địa', 'using native microorganisms'], ['chi phí thấp, vận hành tự động', 'at low cost with automatic operation'], ['dạng mô-đun lắp ghép', 'in modular form']],
  ENE: [['hòa lưới có lưu trữ', 'grid-tied with storage'], ['công suất từ 10 kW đến 1 MW', 'from 10 kW to 1 MW'], ['tích hợp giám sát từ xa', 'with remote monitoring'], ['hiệu suất cao', 'with high efficiency'], ['chế tạo trong nước', 'made in Vietnam']],
  LOG: [['ứng dụng mã QR và blockchain', 'using QR codes and blockchain'], ['tích hợp cảm biến IoT', 'with IoT sensors'], ['quy mô vừa và nhỏ', 'at small and medium scale'], ['điều khiển nhiệt độ chính xác', 'with precise temperature control'], ['trên nền tảng điện toán đám mây', 'on a cloud platform']],
  AGR: [['theo tiêu chuẩn VietGAP', 'to VietGAP standards'], ['quy mô nông hộ', 'at smallholder scale'], ['giảm tổn thất sau thu hoạch', 'reducing post-harvest losses'], ['thân thiện môi trường', 'in an environmentally friendly way'], ['cho năng suất cao', 'with high yield']],
  HLT: [['đạt tiêu chuẩn ISO 13485', 'certified to ISO 13485'], ['giá thành thấp hơn hàng nhập khẩu', 'cheaper than imports'], ['cho tuyến y tế cơ sở', 'for primary health care'], ['ứng dụng trí tuệ nhân tạo', 'using artificial intelligence'], ['từ nguồn dược liệu Việt Nam', 'from Vietnamese medicinal plants']],
  ICT: [['ứng dụng trí tuệ nhân tạo', 'using artificial intelligence'], ['kết nối LoRaWAN và NB-IoT', 'over LoRaWAN and NB-IoT'], ['mã nguồn mở', 'built on open source'], ['triển khai trên điện toán đám mây', 'deployed in the cloud'], ['cho doanh nghiệp vừa và nhỏ', 'for small and medium enterprises']],
  MEC: [['điều khiển CNC', 'with CNC control'], ['tích hợp thị giác máy', 'with machine vision'], ['chế tạo trong nước', 'made in Vietnam'], ['năng suất cao, vận hành an toàn', 'with high throughput and safe operation'], ['thay thế thiết bị nhập khẩu', 'replacing imported equipment']],
  MAT: [['độ bền cao', 'with high strength'], ['từ phế phẩm nông nghiệp', 'from agricultural by-products'], ['chịu ăn mòn', 'resistant to corrosion'], ['thân thiện môi trường', 'in an environmentally friendly way'], ['giá thành cạnh tranh', 'at competitive cost']],
  CHE: [['từ nguyên liệu trong nước', 'from domestic raw materials'], ['không dùng dung môi độc hại', 'without toxic solvents'], ['quy mô công nghiệp', 'at industrial scale'], ['hiệu suất thu hồi cao', 'with high recovery yield'], ['đạt tiêu chuẩn xuất khẩu', 'meeting export standards']],
};

/** Title heads: [vi, en noun, ko noun]. */
const LEADS: readonly (readonly [string, string, string])[] = [
  ['Công nghệ', 'technology', '기술'],
  ['Hệ thống', 'system', '시스템'],
  ['Quy trình công nghệ', 'process', '공정'],
  ['Giải pháp', 'solution', '솔루션'],
  ['Thiết bị', 'equipment', '장비'],
  ['Dây chuyền', 'production line', '생산 라인'],
  ['Mô hình', 'model', '모델'],
];
const KO_QUALIFIERS = ['고효율', '친환경', '스마트', '중소기업용', '베트남 현지화', '저비용'];

const FIELD_LABELS = new Map(FIELDS.map((f) => [f.code, f]));
const CHILD_FIELDS = FIELDS.filter((f) => f.parent !== null).map((f) => f.code);
for (const topic of TOPICS) {
  // A typo in the vocabulary would store codes the API rejects as filters.
  if (!FIELD_LABELS.has(topic.field) || !METHODS[themeOf(topic)]) throw new Error(`seed vocabulary: unknown field ${topic.field}`);
}

function themeOf(topic: Topic): string {
  return topic.field.split('.')[0] as string;
}

const cap = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

// ---------------------------------------------------------------------------------------------
// Provinces: mostly the two big cities, the rest spread over current and pre-2025 codes (records
// filed before the 2025 reform keep their old code; currentProvince rolls them up).

const PROVINCE_NAMES = new Map([...PRE_2025_UNITS, ...CURRENT_UNITS].map((u) => [u.code, u.shortNameVi]));
const CURRENT_CODES = CURRENT_UNITS.map((u) => u.code);
const PRE_2025_CODES = PRE_2025_UNITS.map((u) => u.code);

function pickProvince(d: Dice): string {
  return d.weighted<() => string>([
    [() => '01', 22],
    [() => '79', 20],
    [() => d.pick(CURRENT_CODES), 33],
    [() => d.pick(PRE_2025_CODES), 25],
  ])();
}

// ---------------------------------------------------------------------------------------------
// Organisations.

type Language = 'vi' | 'en' | 'ko';
interface SeededOrganization {
  id: string;
  province: string;
  language: Language;
}

const BRANDS = ['An Phát', 'Minh Long', 'Sao Việt', 'Tân Tiến', 'Hưng Thịnh', 'Phú Gia', 'Đại Nam', 'Thành Công', 'Việt Nhật', 'Hòa Bình', 'Bảo Anh', 'Trường Sơn', 'Nam Việt', 'Hoàng Gia', 'Ánh Dương', 'Đông Á'];
const SECTORS = ['Công nghệ', 'Kỹ thuật', 'Thiết bị Công nghiệp', 'Giải pháp Môi trường', 'Năng lượng Xanh', 'Nông nghiệp Công nghệ cao', 'Tự động hóa', 'Dược phẩm', 'Vật liệu mới', 'Phần mềm'];
const INSTITUTES = ['Công nghệ Môi trường', 'Cơ khí Năng lượng và Mỏ', 'Nghiên cứu Cơ khí', 'Công nghệ Sinh học', 'Khoa học Vật liệu', 'Điện tử, Tin học, Tự động hóa', 'Cơ điện Nông nghiệp và Công nghệ sau thu hoạch', 'Hóa học', 'Năng lượng', 'Dược liệu'];
const UNIVERSITIES = ['Bách khoa', 'Nông Lâm', 'Công nghiệp', 'Khoa học Tự nhiên', 'Y Dược', 'Thủy lợi', 'Giao thông Vận tải', 'Kinh tế Kỹ thuật'];
const KOREAN_BRANDS: readonly Pair[] = [['Hanbit', '한빛'], ['Daesung', '대성'], ['Sejin', '세진'], ['Kumho Tech', '금호테크'], ['Samjin', '삼진'], ['Green Solution', '그린솔루션']];

function organizationName(d: Dice, kind: string, province: string): { vi?: string; en?: string; ko?: string } {
  const place = PROVINCE_NAMES.get(province) ?? 'Hà Nội';
  switch (kind) {
    case 'research_institute':
      return d.chance(0.5) ? { vi: `Viện ${d.pick(INSTITUTES)}` } : { vi: `Phân viện ${d.pick(INSTITUTES)} tại ${place}` };
    case 'university':
      return { vi: `Trường Đại học ${d.pick(UNIVERSITIES)} ${place}` };
    case 'intermediary':
      return { vi: d.pick([`Trung tâm Ứng dụng tiến bộ Khoa học và Công nghệ ${place}`, `Sàn giao dịch công nghệ ${place}`, `Trung tâm Đổi mới sáng tạo ${place}`]) };
    case 'government_body':
      return { vi: `Sở Khoa học và Công nghệ ${place}` };
    case 'foreign_enterprise': {
      const [latin, hangul] = d.pick(KOREAN_BRANDS);
      return { vi: `Công ty TNHH ${latin} Vina`, en: `${latin} Vina Co., Ltd.`, ko: `${hangul} 비나` };
    }
    default: {
      const name = `Công ty ${d.pick(['TNHH', 'Cổ phần'])} ${d.pick(SECTORS)} ${d.pick(BRANDS)}`;
      return d.chance(0.3) ? { vi: name, en: `${d.pick(BRANDS)} ${d.pick(['Technology', 'Engineering', 'Solutions'])} JSC` } : { vi: name };
    }
  }
}

function organizationRow(d: Dice, n: number): PgInsertValue<typeof organizations> {
  const kind = d.weighted([['enterprise', 55], ['research_institute', 15], ['university', 12], ['foreign_enterprise', 8], ['intermediary', 6], ['government_body', 4]] as const);
  const province = pickProvince(d);
  const korean = kind === 'foreign_enterprise';
  const content = {
    kind,
    name: organizationName(d, kind, province),
    shortName: kind === 'university' ? `ĐH${n}` : undefined,
    // Unique 10-digit tax codes derived from n, so reseeding never collides with itself.
    taxCode: korean ? undefined : `0${String(100_000_000 + n).padStart(9, '0')}`,
    foreignRegistrationNo: korean ? `KR-${110_000 + n}` : undefined,
  };
  return {
    ...content,
    shortName: content.shortName ?? null,
    taxCode: content.taxCode ?? null,
    foreignRegistrationNo: content.foreignRegistrationNo ?? null,
    country: korean ? 'KR' : 'VN',
    province,
    currentProvince: currentProvinceOf(province) as string,
    language: korean ? 'ko' : 'vi',
    industryCodes: [d.pick(['7210', '2610', '2821', '3700', '0111', '2100', '6201', '3510'])],
    size: d.pick(['micro', 'small', 'medium', 'large']),
    languages: korean ? ['ko', 'en', 'vi'] : d.chance(0.4) ? ['vi', 'en'] : ['vi'],
    website: `https://org${n}.example.vn`,
    contacts: [],
    sourceSystem: BENCH_SOURCE,
    sourceRef: `bench-org-${n}`,
    contentHash: `bench-org-${n}`,
    ...searchDocument(content, organizationsResource.search),
  };
}

// ---------------------------------------------------------------------------------------------
// Offers.

interface OfferText {
  title: string;
  summary: string;
  description: string;
  advantages: string;
  applications: string;
}

function vietnameseText(d: Dice, topic: Topic, province: string): OfferText {
  const [lead] = d.pick(LEADS);
  const [target, target2] = [d.pick(topic.targets)[0], d.pick(topic.targets)[0]];
  const [method] = d.pick(METHODS[themeOf(topic)] as readonly Pair[]);
  const field = FIELD_LABELS.get(topic.field)?.labelVi.toLocaleLowerCase('vi') ?? topic.vi;
  const place = PROVINCE_NAMES.get(province) ?? 'Hà Nội';
  const benefit = d.pick([`giúp giảm ${d.int(15, 45)}% chi phí vận hành`, `nâng cao năng suất ${d.int(10, 60)}%`, 'đáp ứng quy chuẩn kỹ thuật quốc gia hiện hành', 'thay thế thiết bị nhập khẩu với giá thành thấp hơn', 'dễ vận hành và bảo trì']);
  const y = d.int(2016, 2023);
  const sentences = [
    `${lead} ${topic.vi} được nghiên cứu và hoàn thiện trong khuôn khổ đề tài khoa học cấp ${d.pick(['Nhà nước', 'Bộ', 'tỉnh', 'cơ sở'])} giai đoạn ${y}–${y + d.int(1, 3)}.`,
    `Hệ thống đã được triển khai thử nghiệm tại ${d.int(2, 30)} cơ sở ở ${place}, vận hành ổn định trên ${d.int(6, 36)} tháng.`,
    `So với giải pháp nhập khẩu, chi phí đầu tư giảm khoảng ${d.int(20, 50)}% và chi phí vận hành giảm ${d.int(10, 40)}%.`,
    'Thiết bị được chế tạo chủ yếu bằng vật tư trong nước, dễ lắp đặt, bảo trì và thay thế phụ tùng.',
    `Bên chuyển giao cung cấp tài liệu kỹ thuật, đào tạo vận hành và hỗ trợ kỹ thuật trong ${d.int(3, 24)} tháng đầu.`,
    'Sản phẩm đáp ứng các quy chuẩn kỹ thuật quốc gia hiện hành và đã được cấp giấy chứng nhận hợp quy.',
    `Công suất thiết kế có thể điều chỉnh theo nhu cầu của ${target2}.`,
    `Nhóm nghiên cứu có hơn ${d.int(5, 25)} năm kinh nghiệm trong lĩnh vực ${field}.`,
    'Giải pháp phù hợp với điều kiện khí hậu nhiệt đới nóng ẩm của Việt Nam.',
    'Dữ liệu vận hành được lưu trữ và theo dõi trực tuyến qua điện thoại thông minh.',
  ];
  const advantages = [`Giảm ${d.int(10, 50)}% tiêu thụ điện năng`, 'Tự động hóa cao, cần ít nhân công vận hành', `Thời gian hoàn vốn từ ${d.int(1, 3)} đến ${d.int(4, 6)} năm`, 'Không phát sinh chất thải thứ cấp', 'Chi phí bảo trì thấp'];
  return {
    title: `${lead} ${topic.vi} cho ${target} ${method}`,
    summary: `${lead} ${topic.vi} dành cho ${target}, ${benefit}.`,
    description: d.some(sentences, 3, 6).join(' '),
    advantages: `${d.some(advantages, 2, 4).join('; ')}.`,
    applications: `Áp dụng cho ${target}, ${target2} và các cơ sở có nhu cầu tương tự trên cả nước.`,
  };
}

function englishText(d: Dice, topic: Topic, province: string): OfferText {
  const [, lead] = d.pick(LEADS);
  const [target, target2] = [d.pick(topic.targets)[1], d.pick(topic.targets)[1]];
  const [, method] = d.pick(METHODS[themeOf(topic)] as readonly Pair[]);
  const place = PROVINCE_NAMES.get(province) ?? 'Hà Nội';
  const sentences = [
    `The ${topic.en} ${lead} was developed in a ${d.pick(['national', 'ministry-level', 'provincial'])} research programme.`,
    `It has been piloted at ${d.int(2, 30)} sites in ${place} and has run reliably for ${d.int(6, 36)} months.`,
    `Compared with imported solutions it cuts investment by about ${d.int(20, 50)}% and operating cost by ${d.int(10, 40)}%.`,
    'Most parts are sourced locally, so installation, maintenance and spare parts are straightforward.',
    `The transferor provides documentation, operator training and ${d.int(3, 24)} months of technical support.`,
    `Capacity can be sized to the needs of ${target2}.`,
  ];
  return {
    title: `${cap(topic.en)} ${lead} for ${target} ${method}`,
    summary: `A ${topic.en} ${lead} for ${target}, ${method}, reducing operating cost by ${d.int(15, 45)}%.`,
    description: d.some(sentences, 3, 5).join(' '),
    advantages: 'Low operating cost; high degree of automation; short payback period.',
    applications: `Suitable for ${target}, ${target2} and similar facilities.`,
  };
}

function koreanText(d: Dice, topic: Topic): OfferText {
  const [, , lead] = d.pick(LEADS);
  return {
    title: `${d.pick(KO_QUALIFIERS)} ${topic.ko} ${lead}`,
    summary: `${topic.ko} 분야의 검증된 기술로 베트남 현지 조건에 맞게 개발되었습니다.`,
    description: `${d.int(2, 30)}개 기업에 적용되어 운영 비용을 ${d.int(10, 40)}% 절감하였습니다. 기술 이전 시 교육 및 기술 지원을 제공합니다.`,
    advantages: '고효율, 저비용, 간편한 유지보수.',
    applications: `${topic.ko} 관련 산업 현장.`,
  };
}

/** Localized fields of one offer: the original language, sometimes with an English version. */
function offerTexts(d: Dice, topic: Topic, language: Language, province: string) {
  const vi = language === 'vi' ? vietnameseText(d, topic, province) : undefined;
  const ko = language === 'ko' ? koreanText(d, topic) : undefined;
  const en = language === 'en' || d.chance(0.3) ? englishText(d, topic, province) : undefined;
  const field = (k: keyof OfferText) => ({ ...(vi && { vi: vi[k] }), ...(en && { en: en[k] }), ...(ko && { ko: ko[k] }) });
  return {
    title: field('title'),
    summary: field('summary'),
    description: field('description'),
    advantages: field('advantages'),
    applications: field('applications'),
    keywords: [...new Set([topic.vi, ...(en ? [topic.en.toLowerCase()] : []), ...(ko ? [topic.ko] : []), d.pick(topic.targets)[0]])],
  };
}

function price(d: Dice): { priceMin: number | null; priceMax: number | null; priceNegotiable: boolean } {
  if (d.chance(0.15)) return { priceMin: null, priceMax: null, priceNegotiable: true };
  // Log-uniform from 50 million to 20 billion VND, rounded to the million.
  const min = Math.round(Math.exp(Math.log(5e7) + d.int(0, 1000) / 1000 * Math.log(400)) / 1e6) * 1e6;
  const max = d.chance(0.3) ? min : min * d.int(1, 4);
  return { priceMin: min, priceMax: max, priceNegotiable: d.chance(0.5) };
}

const DAY = 86_400_000;
const SEED_EPOCH = Date.UTC(2025, 9, 1);

function lifecycle(d: Dice, createdAt: Date) {
  const status = d.weighted([['published', 86], ['draft', 5], ['paused', 3], ['closed', 2], ['expired', 2], ['withdrawn', 2]] as const);
  const validUntil = status === 'expired' ? '2025-06-30' : `2027-${String(d.int(1, 12)).padStart(2, '0')}-${String(d.int(1, 28)).padStart(2, '0')}`;
  const publishedAt = status === 'draft' ? null : new Date(createdAt.getTime() + d.int(0, 7) * DAY);
  return { status, validUntil, publishedAt };
}

function offerRow(d: Dice, n: number, orgs: { all: SeededOrganization[]; korean: SeededOrganization[] }): PgInsertValue<typeof offers> {
  const topic = d.pick(TOPICS);
  const language = d.weighted<Language>([['vi', 80], ['en', 15], ['ko', 5]]);
  const org = language === 'ko' && orgs.korean.length > 0 ? d.pick(orgs.korean) : d.pick(orgs.all);
  const province = d.chance(0.9) ? org.province : pickProvince(d);
  const texts = offerTexts(d, topic, language, province);
  const createdAt = new Date(SEED_EPOCH - d.int(0, 900) * DAY - d.int(0, DAY));
  const updatedAt = new Date(Math.min(SEED_EPOCH, createdAt.getTime() + d.int(0, 120) * DAY));
  const fields = d.chance(0.25) ? [...new Set([topic.field, d.pick(CHILD_FIELDS)])] : [topic.field];
  return {
    ...texts,
    organizationId: org.id,
    province,
    currentProvince: currentProvinceOf(province) as string,
    language,
    fields,
    trl: d.weighted([[1, 2], [2, 3], [3, 6], [4, 10], [5, 14], [6, 18], [7, 20], [8, 15], [9, 12]] as const),
    ipRights: d.chance(0.4) ? [{ type: d.pick(IP_TYPES), status: d.pick(IP_STATUSES), number: `1-00${d.int(10_000, 99_999)}`, jurisdiction: 'VN' }] : [],
    transferForms: d.some(TRANSFER_FORMS, 1, 2),
    transferMethods: d.some(TRANSFER_METHODS, 1, 3),
    dealTypes: d.some(DEAL_TYPES, 1, 3),
    ...price(d),
    targetProvinces: d.chance(0.2) ? [pickProvince(d)] : [],
    targetCountries: language === 'ko' ? ['VN', 'KR'] : [],
    regulatoryClass: d.chance(0.2) ? 'encouraged' : 'normal',
    ...lifecycle(d, createdAt),
    createdAt,
    updatedAt,
    sourceSystem: BENCH_SOURCE,
    sourceRef: `bench-offer-${n}`,
    contentHash: `bench-offer-${n}`,
    // Exactly the search forms the service stores on create/update.
    ...searchDocument(texts, offersResource.search),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing.

async function countBench(db: Db) {
  const [row] = await queryRows<{ offers: number; organizations: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM offers WHERE source_system = ${BENCH_SOURCE} AND archived_at IS NULL) AS offers,
               (SELECT count(*)::int FROM organizations WHERE source_system = ${BENCH_SOURCE}) AS organizations`,
  );
  return row ?? { offers: 0, organizations: 0 };
}

/** One transaction per batch; commits need not wait for the WAL flush (bench data is disposable). */
async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    return fn(tx as unknown as Db);
  });
}

async function seedOrganizations(db: Db, count: number, d: Dice): Promise<SeededOrganization[]> {
  const seeded: SeededOrganization[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => organizationRow(d, start + i + 1));
    const inserted = await inTransaction(db, (tx) =>
      tx.insert(organizations).values(rows).returning({ id: organizations.id, province: organizations.province, language: organizations.language }),
    );
    seeded.push(...(inserted as SeededOrganization[]));
  }
  return seeded;
}

/**
 * Generates batch k+1 while batch k is being written, so Node and PostgreSQL work in parallel;
 * only two batches are ever in memory, whatever the number of offers.
 */
async function seedOffers(db: Db, count: number, d: Dice, orgs: SeededOrganization[], log: (line: string) => void) {
  const pools = { all: orgs, korean: orgs.filter((o) => o.language === 'ko') };
  const started = Date.now();
  let pending: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < count; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => offerRow(d, start + i + 1, pools));
    await pending;
    pending = inTransaction(db, (tx) => tx.insert(offers).values(rows));
    const done = start + rows.length;
    if (done % 10_000 === 0 || done === count) {
      pending = pending.then(() => log(`  offers ${done}/${count} (${Math.round(done / ((Date.now() - started) / 1000))} rows/s)`));
    }
  }
  await pending;
}

/**
 * Ensures the database holds at least `opts.offers` bench offers. Reruns with enough data return
 * at once; otherwise earlier bench rows are replaced by a fresh data set from `opts.seed`.
 */
export async function seedRegistry(databaseUrl: string, opts: SeedOptions, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<SeedResult> {
  const started = Date.now();
  const database = await openDatabase({ driver: 'postgres', url: databaseUrl, poolMax: 2, applicationName: 'ketnoi-bench-seed' });
  try {
    try {
      await migrateDatabase(database);
    } catch (err) {
      // Typically a database seeded under migrations that were since rewritten.
      throw new Error(`migrating the bench database failed; if the migrations changed since it was seeded, drop it (npm run bench:registry -- --fresh): ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
    const { db } = database;
    const existing = await countBench(db);
    if (existing.offers >= opts.offers) {
      log(`seed: ${existing.offers} bench offers already present (≥ ${opts.offers}); not reseeding`);
      return { seeded: false, offersInDatabase: existing.offers, organizationsInDatabase: existing.organizations, seconds: (Date.now() - started) / 1000 };
    }
    log(`seed: replacing ${existing.offers} bench offers with ${opts.offers} offers and ${opts.organizations} organisations (seed ${opts.seed})`);
    // Offers reference organisations, so they go first.
    await db.delete(offers).where(eq(offers.sourceSystem, BENCH_SOURCE));
    await db.delete(organizations).where(eq(organizations.sourceSystem, BENCH_SOURCE));
    const d = dice(mulberry32(opts.seed));
    const orgs = await seedOrganizations(db, opts.organizations, d);
    log(`  organisations ${orgs.length}`);
    await seedOffers(db, opts.offers, d, orgs, log);
    // VACUUM (ANALYZE): fresh planner statistics, and the GIN pending lists are merged into the
    // indexes, as autovacuum would have done on a long-running database. As the tables' owner:
    // the application role may not vacuum them (PostgreSQL only warns and skips them).
    await database.asOwner(async (owner) => {
      for (const table of ['offers', 'offers_search', 'organizations']) await owner.execute(sql.raw(`VACUUM (ANALYZE) ${table}`));
    });
    const seconds = (Date.now() - started) / 1000;
    log(`seed: done in ${seconds.toFixed(1)} s`);
    const after = await countBench(db);
    return { seeded: true, offersInDatabase: after.offers, organizationsInDatabase: after.organizations, seconds };
  } finally {
    await database.close();
  }
}

/** Creates the bench database through the `postgres` maintenance database when it is missing (or --fresh). */
export async function ensureDatabase(url: string, fresh = false) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount && fresh) {
      await client.query(`DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      process.stdout.write(`dropped database ${name} (--fresh)\n`);
    } else if (rowCount) {
      return;
    }
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    process.stdout.write(`created database ${name}\n`);
  } catch (err) {
    // 42P04 duplicate_database: a concurrent run created it first.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}
