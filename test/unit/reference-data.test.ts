import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/modules/reference/fields.data.js';
import { CURRENT_UNITS, PRE_2025_UNITS, REFORM_DATE, type ProvinceUnit } from '../../src/modules/reference/provinces.data.js';

const oldByCode = new Map(PRE_2025_UNITS.map((u) => [u.code, u]));
const currentByCode = new Map(CURRENT_UNITS.map((u) => [u.code, u]));
const isNfc = (s: string) => s === s.normalize('NFC');
const unitStrings = (u: ProvinceUnit) => [u.code, u.nameVi, u.shortNameVi, u.nameEn, u.kind, u.validFrom, u.validTo ?? '', u.successorCode ?? ''];

describe('provinces', () => {
  it.each([
    ['PRE_2025_UNITS', PRE_2025_UNITS, 63],
    ['CURRENT_UNITS', CURRENT_UNITS, 34],
  ] as const)('%s has %i units with unique two-digit codes', (_name, units, count) => {
    expect(units).toHaveLength(count);
    for (const u of units) expect(u.code).toMatch(/^\d{2}$/);
    expect(new Set(units.map((u) => u.code)).size).toBe(count);
  });

  it.each([
    ['PRE_2025_UNITS', PRE_2025_UNITS],
    ['CURRENT_UNITS', CURRENT_UNITS],
  ] as const)('%s: every string is non-empty NFC', (_name, units) => {
    for (const u of units) {
      for (const s of unitStrings(u)) expect(isNfc(s), `${u.code}: ${s}`).toBe(true);
      expect(u.nameVi.length).toBeGreaterThan(0);
      expect(u.shortNameVi.length).toBeGreaterThan(0);
      expect(u.nameEn.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['PRE_2025_UNITS', PRE_2025_UNITS],
    ['CURRENT_UNITS', CURRENT_UNITS],
  ] as const)('%s: names agree with kind (prefix, short name, ASCII English suffix)', (_name, units) => {
    for (const u of units) {
      const [prefixVi, suffixEn] = u.kind === 'city' ? ['Thành phố ', ' City'] : ['Tỉnh ', ' Province'];
      expect(u.nameVi).toBe(prefixVi + u.shortNameVi);
      expect(u.nameEn.endsWith(suffixEn), u.nameEn).toBe(true);
      expect(u.nameEn).toMatch(/^[A-Za-z -]+$/);
    }
  });

  it('pre-2025 units are dated 2008-08-01 to 2025-06-30 and all have a successor', () => {
    for (const u of PRE_2025_UNITS) {
      expect(u).toMatchObject({ validFrom: '2008-08-01', validTo: '2025-06-30' });
      expect(u.successorCode).not.toBeNull();
    }
  });

  it('current units start on the reform date, are open-ended and have no successor', () => {
    expect(REFORM_DATE).toBe('2025-07-01');
    for (const u of CURRENT_UNITS) expect(u).toMatchObject({ validFrom: REFORM_DATE, validTo: null, successorCode: null });
  });

  it("every pre-2025 unit's successor is a current unit", () => {
    for (const u of PRE_2025_UNITS) expect(currentByCode.has(u.successorCode ?? ''), `${u.code} → ${u.successorCode}`).toBe(true);
  });

  it('every current unit is the successor of at least one pre-2025 unit', () => {
    const successors = new Set(PRE_2025_UNITS.map((u) => u.successorCode));
    for (const u of CURRENT_UNITS) expect(successors.has(u.code), u.code).toBe(true);
  });

  it('a current unit that keeps an old code is that old unit’s successor', () => {
    for (const u of CURRENT_UNITS) {
      const old = oldByCode.get(u.code);
      expect(old, u.code).toBeDefined();
      expect(old?.successorCode).toBe(u.code);
    }
  });

  it('the centrally-run cities are 01 31 46 48 79 92 after the reform and before it', () => {
    const cities = ['01', '31', '46', '48', '79', '92'];
    expect(CURRENT_UNITS.filter((u) => u.kind === 'city').map((u) => u.code)).toEqual(cities);
    expect(PRE_2025_UNITS.filter((u) => u.kind === 'city').map((u) => u.code)).toEqual(cities);
  });

  it.each([
    ['01', 'Hà Nội', '01', 'Hà Nội'],
    ['02', 'Hà Giang', '08', 'Tuyên Quang'],
    ['06', 'Bắc Kạn', '19', 'Thái Nguyên'],
    ['10', 'Lào Cai', '15', 'Lào Cai'],
    ['15', 'Yên Bái', '15', 'Lào Cai'],
    ['17', 'Hòa Bình', '25', 'Phú Thọ'],
    ['26', 'Vĩnh Phúc', '25', 'Phú Thọ'],
    ['24', 'Bắc Giang', '24', 'Bắc Ninh'],
    ['27', 'Bắc Ninh', '24', 'Bắc Ninh'],
    ['30', 'Hải Dương', '31', 'Hải Phòng'],
    ['34', 'Thái Bình', '33', 'Hưng Yên'],
    ['35', 'Hà Nam', '37', 'Ninh Bình'],
    ['36', 'Nam Định', '37', 'Ninh Bình'],
    ['38', 'Thanh Hóa', '38', 'Thanh Hóa'],
    ['44', 'Quảng Bình', '44', 'Quảng Trị'],
    ['45', 'Quảng Trị', '44', 'Quảng Trị'],
    ['46', 'Huế', '46', 'Huế'],
    ['49', 'Quảng Nam', '48', 'Đà Nẵng'],
    ['62', 'Kon Tum', '51', 'Quảng Ngãi'],
    ['52', 'Bình Định', '52', 'Gia Lai'],
    ['64', 'Gia Lai', '52', 'Gia Lai'],
    ['58', 'Ninh Thuận', '56', 'Khánh Hòa'],
    ['54', 'Phú Yên', '66', 'Đắk Lắk'],
    ['67', 'Đắk Nông', '68', 'Lâm Đồng'],
    ['60', 'Bình Thuận', '68', 'Lâm Đồng'],
    ['70', 'Bình Phước', '75', 'Đồng Nai'],
    ['74', 'Bình Dương', '79', 'Hồ Chí Minh'],
    ['77', 'Bà Rịa - Vũng Tàu', '79', 'Hồ Chí Minh'],
    ['72', 'Tây Ninh', '80', 'Tây Ninh'],
    ['80', 'Long An', '80', 'Tây Ninh'],
    ['87', 'Đồng Tháp', '82', 'Đồng Tháp'],
    ['82', 'Tiền Giang', '82', 'Đồng Tháp'],
    ['83', 'Bến Tre', '86', 'Vĩnh Long'],
    ['84', 'Trà Vinh', '86', 'Vĩnh Long'],
    ['89', 'An Giang', '91', 'An Giang'],
    ['91', 'Kiên Giang', '91', 'An Giang'],
    ['93', 'Hậu Giang', '92', 'Cần Thơ'],
    ['94', 'Sóc Trăng', '92', 'Cần Thơ'],
    ['95', 'Bạc Liêu', '96', 'Cà Mau'],
  ])('%s %s → %s %s', (oldCode, oldName, newCode, newName) => {
    const old = oldByCode.get(oldCode);
    expect(old?.shortNameVi).toBe(oldName);
    expect(old?.successorCode).toBe(newCode);
    expect(currentByCode.get(newCode)?.shortNameVi).toBe(newName);
  });

  it.each([
    ['01', 'Thành phố Hà Nội', 'Ha Noi City'],
    ['31', 'Thành phố Hải Phòng', 'Hai Phong City'],
    ['46', 'Thành phố Huế', 'Hue City'],
    ['48', 'Thành phố Đà Nẵng', 'Da Nang City'],
    ['79', 'Thành phố Hồ Chí Minh', 'Ho Chi Minh City'],
    ['92', 'Thành phố Cần Thơ', 'Can Tho City'],
    ['52', 'Tỉnh Gia Lai', 'Gia Lai Province'],
    ['66', 'Tỉnh Đắk Lắk', 'Dak Lak Province'],
  ])('current %s is %s (%s)', (code, nameVi, nameEn) => {
    expect(currentByCode.get(code)).toMatchObject({ nameVi, nameEn });
  });

  it('Bà Rịa - Vũng Tàu keeps its official spelling', () => {
    expect(oldByCode.get('77')).toMatchObject({ nameVi: 'Tỉnh Bà Rịa - Vũng Tàu', nameEn: 'Ba Ria - Vung Tau Province' });
  });

  it.each([
    ['unchanged', 1, 11],
    ['merged from two', 2, 17],
    ['merged from three', 3, 6],
  ])('%s: %i predecessor(s) for %i current units', (_name, predecessors, units) => {
    const counts = new Map<string, number>();
    for (const u of PRE_2025_UNITS) counts.set(u.successorCode ?? '', (counts.get(u.successorCode ?? '') ?? 0) + 1);
    expect([...counts.values()].filter((n) => n === predecessors)).toHaveLength(units);
  });
});

describe('fields', () => {
  const byCode = new Map(FIELDS.map((f) => [f.code, f]));
  const topLevel = FIELDS.filter((f) => f.parent === null);

  it('codes are unique', () => {
    expect(byCode.size).toBe(FIELDS.length);
  });

  it.each(['MAT', 'ENE', 'LOG', 'AGR', 'HLT', 'ICT', 'ENV', 'MEC', 'CHE'])('has top-level theme %s', (code) => {
    expect(byCode.get(code)?.parent).toBeNull();
  });

  it('has at least the 9 top-level themes, each with children', () => {
    expect(topLevel.length).toBeGreaterThanOrEqual(9);
    for (const top of topLevel) expect(FIELDS.some((f) => f.parent === top.code), top.code).toBe(true);
  });

  it('every child’s parent exists, is top-level and prefixes the child code', () => {
    for (const f of FIELDS.filter((x) => x.parent !== null)) {
      const parent = byCode.get(f.parent ?? '');
      expect(parent, f.code).toBeDefined();
      expect(parent?.parent, f.code).toBeNull();
      expect(f.code.startsWith(`${f.parent}.`), f.code).toBe(true);
    }
  });

  it('codes are upper-case identifiers', () => {
    for (const f of FIELDS) expect(f.code).toMatch(/^[A-Z]{3}(\.[A-Z0-9]+)?$/);
  });

  it('labels are non-empty NFC in both languages', () => {
    for (const f of FIELDS) {
      for (const s of [f.labelVi, f.labelEn]) {
        expect(s.trim().length, f.code).toBeGreaterThan(0);
        expect(isNfc(s), `${f.code}: ${s}`).toBe(true);
      }
    }
  });

  it('national codes look like Decision 12/2008/QĐ-BKHCN field codes', () => {
    for (const f of FIELDS) if (f.nationalCode !== undefined) expect(f.nationalCode, f.code).toMatch(/^[1-6](\d{2})?$/);
  });

  it.each([
    ['MAT.NANO', '210'],
    ['HLT.PHARM', '303'],
    ['HLT.DEV', '206'],
    ['AGR.FOOD', '211'],
    ['ENV', '207'],
  ])('%s maps to national field %s', (code, nationalCode) => {
    expect(byCode.get(code)?.nationalCode).toBe(nationalCode);
  });
});
