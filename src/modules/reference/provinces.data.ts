/**
 * Vietnam's provincial-level administrative units, before and after the 2025 reform.
 *
 * Codes are the GSO (General Statistics Office, national statistics office) administrative unit
 * codes. PRE_2025_UNITS is the set of 63 units in force from 2008-08-01 (when Hà Tây was merged into
 * Hà Nội) until 2025-06-30. CURRENT_UNITS is the set of 34 units in force from 2025-07-01 under
 * National Assembly Resolution 202/2025/QH15 on the rearrangement of provincial-level administrative
 * units; their codes follow Prime Minister's Decision 19/2025/QĐ-TTg (each new unit keeps the code of
 * the old unit where its administrative centre is). For every old unit, successorCode is the code of
 * the current unit it became part of. Some codes appear in both lists for different units (old 24 =
 * Bắc Giang, new 24 = Bắc Ninh); in every such case the new unit is the old unit's successor.
 *
 * All strings are NFC.
 */

export interface ProvinceUnit {
  /** Two-digit GSO administrative unit code. */
  code: string;
  /** Official Vietnamese name, e.g. "Thành phố Hà Nội", "Tỉnh Hà Giang". */
  nameVi: string;
  /** Name without the "Tỉnh"/"Thành phố" prefix, e.g. "Hà Nội", "Hồ Chí Minh". */
  shortNameVi: string;
  /** English name without diacritics, e.g. "Ha Noi City", "Ha Giang Province". */
  nameEn: string;
  /** city = centrally-run city (thành phố trực thuộc trung ương). */
  kind: 'city' | 'province';
  /** ISO date, first day in force. */
  validFrom: string;
  /** ISO date, last day in force; null = current. */
  validTo: string | null;
  /** For pre-2025 units: code of the post-2025 unit it became part of; null for current units. */
  successorCode: string | null;
}

/** First day of the 34-unit structure (Resolution 202/2025/QH15). */
export const REFORM_DATE = '2025-07-01';

/**
 * The 63 units in force until 2025-06-30. Centrally-run cities: 01, 31, 46 (from 2025-01-01), 48, 79, 92.
 * Unit 46 is listed under the name it had on its last day in force.
 */
export const PRE_2025_UNITS: readonly ProvinceUnit[] = [
  { code: '01', nameVi: 'Thành phố Hà Nội', shortNameVi: 'Hà Nội', nameEn: 'Ha Noi City', kind: 'city', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '01' },
  { code: '02', nameVi: 'Tỉnh Hà Giang', shortNameVi: 'Hà Giang', nameEn: 'Ha Giang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '08' },
  { code: '04', nameVi: 'Tỉnh Cao Bằng', shortNameVi: 'Cao Bằng', nameEn: 'Cao Bang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '04' },
  { code: '06', nameVi: 'Tỉnh Bắc Kạn', shortNameVi: 'Bắc Kạn', nameEn: 'Bac Kan Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '19' },
  { code: '08', nameVi: 'Tỉnh Tuyên Quang', shortNameVi: 'Tuyên Quang', nameEn: 'Tuyen Quang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '08' },
  { code: '10', nameVi: 'Tỉnh Lào Cai', shortNameVi: 'Lào Cai', nameEn: 'Lao Cai Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '15' },
  { code: '11', nameVi: 'Tỉnh Điện Biên', shortNameVi: 'Điện Biên', nameEn: 'Dien Bien Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '11' },
  { code: '12', nameVi: 'Tỉnh Lai Châu', shortNameVi: 'Lai Châu', nameEn: 'Lai Chau Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '12' },
  { code: '14', nameVi: 'Tỉnh Sơn La', shortNameVi: 'Sơn La', nameEn: 'Son La Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '14' },
  { code: '15', nameVi: 'Tỉnh Yên Bái', shortNameVi: 'Yên Bái', nameEn: 'Yen Bai Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '15' },
  { code: '17', nameVi: 'Tỉnh Hòa Bình', shortNameVi: 'Hòa Bình', nameEn: 'Hoa Binh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '25' },
  { code: '19', nameVi: 'Tỉnh Thái Nguyên', shortNameVi: 'Thái Nguyên', nameEn: 'Thai Nguyen Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '19' },
  { code: '20', nameVi: 'Tỉnh Lạng Sơn', shortNameVi: 'Lạng Sơn', nameEn: 'Lang Son Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '20' },
  { code: '22', nameVi: 'Tỉnh Quảng Ninh', shortNameVi: 'Quảng Ninh', nameEn: 'Quang Ninh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '22' },
  { code: '24', nameVi: 'Tỉnh Bắc Giang', shortNameVi: 'Bắc Giang', nameEn: 'Bac Giang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '24' },
  { code: '25', nameVi: 'Tỉnh Phú Thọ', shortNameVi: 'Phú Thọ', nameEn: 'Phu Tho Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '25' },
  { code: '26', nameVi: 'Tỉnh Vĩnh Phúc', shortNameVi: 'Vĩnh Phúc', nameEn: 'Vinh Phuc Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '25' },
  { code: '27', nameVi: 'Tỉnh Bắc Ninh', shortNameVi: 'Bắc Ninh', nameEn: 'Bac Ninh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '24' },
  { code: '30', nameVi: 'Tỉnh Hải Dương', shortNameVi: 'Hải Dương', nameEn: 'Hai Duong Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '31' },
  { code: '31', nameVi: 'Thành phố Hải Phòng', shortNameVi: 'Hải Phòng', nameEn: 'Hai Phong City', kind: 'city', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '31' },
  { code: '33', nameVi: 'Tỉnh Hưng Yên', shortNameVi: 'Hưng Yên', nameEn: 'Hung Yen Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '33' },
  { code: '34', nameVi: 'Tỉnh Thái Bình', shortNameVi: 'Thái Bình', nameEn: 'Thai Binh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '33' },
  { code: '35', nameVi: 'Tỉnh Hà Nam', shortNameVi: 'Hà Nam', nameEn: 'Ha Nam Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '37' },
  { code: '36', nameVi: 'Tỉnh Nam Định', shortNameVi: 'Nam Định', nameEn: 'Nam Dinh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '37' },
  { code: '37', nameVi: 'Tỉnh Ninh Bình', shortNameVi: 'Ninh Bình', nameEn: 'Ninh Binh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '37' },
  { code: '38', nameVi: 'Tỉnh Thanh Hóa', shortNameVi: 'Thanh Hóa', nameEn: 'Thanh Hoa Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '38' },
  { code: '40', nameVi: 'Tỉnh Nghệ An', shortNameVi: 'Nghệ An', nameEn: 'Nghe An Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '40' },
  { code: '42', nameVi: 'Tỉnh Hà Tĩnh', shortNameVi: 'Hà Tĩnh', nameEn: 'Ha Tinh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '42' },
  { code: '44', nameVi: 'Tỉnh Quảng Bình', shortNameVi: 'Quảng Bình', nameEn: 'Quang Binh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '44' },
  { code: '45', nameVi: 'Tỉnh Quảng Trị', shortNameVi: 'Quảng Trị', nameEn: 'Quang Tri Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '44' },
  // Tỉnh Thừa Thiên Huế (Thua Thien Hue Province) until 2024-12-31; the centrally-run city of Huế from 2025-01-01 (Resolution 1314/NQ-UBTVQH15).
  { code: '46', nameVi: 'Thành phố Huế', shortNameVi: 'Huế', nameEn: 'Hue City', kind: 'city', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '46' },
  { code: '48', nameVi: 'Thành phố Đà Nẵng', shortNameVi: 'Đà Nẵng', nameEn: 'Da Nang City', kind: 'city', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '48' },
  { code: '49', nameVi: 'Tỉnh Quảng Nam', shortNameVi: 'Quảng Nam', nameEn: 'Quang Nam Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '48' },
  { code: '51', nameVi: 'Tỉnh Quảng Ngãi', shortNameVi: 'Quảng Ngãi', nameEn: 'Quang Ngai Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '51' },
  { code: '52', nameVi: 'Tỉnh Bình Định', shortNameVi: 'Bình Định', nameEn: 'Binh Dinh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '52' },
  { code: '54', nameVi: 'Tỉnh Phú Yên', shortNameVi: 'Phú Yên', nameEn: 'Phu Yen Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '66' },
  { code: '56', nameVi: 'Tỉnh Khánh Hòa', shortNameVi: 'Khánh Hòa', nameEn: 'Khanh Hoa Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '56' },
  { code: '58', nameVi: 'Tỉnh Ninh Thuận', shortNameVi: 'Ninh Thuận', nameEn: 'Ninh Thuan Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '56' },
  { code: '60', nameVi: 'Tỉnh Bình Thuận', shortNameVi: 'Bình Thuận', nameEn: 'Binh Thuan Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '68' },
  { code: '62', nameVi: 'Tỉnh Kon Tum', shortNameVi: 'Kon Tum', nameEn: 'Kon Tum Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '51' },
  { code: '64', nameVi: 'Tỉnh Gia Lai', shortNameVi: 'Gia Lai', nameEn: 'Gia Lai Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '52' },
  { code: '66', nameVi: 'Tỉnh Đắk Lắk', shortNameVi: 'Đắk Lắk', nameEn: 'Dak Lak Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '66' },
  { code: '67', nameVi: 'Tỉnh Đắk Nông', shortNameVi: 'Đắk Nông', nameEn: 'Dak Nong Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '68' },
  { code: '68', nameVi: 'Tỉnh Lâm Đồng', shortNameVi: 'Lâm Đồng', nameEn: 'Lam Dong Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '68' },
  { code: '70', nameVi: 'Tỉnh Bình Phước', shortNameVi: 'Bình Phước', nameEn: 'Binh Phuoc Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '75' },
  { code: '72', nameVi: 'Tỉnh Tây Ninh', shortNameVi: 'Tây Ninh', nameEn: 'Tay Ninh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '80' },
  { code: '74', nameVi: 'Tỉnh Bình Dương', shortNameVi: 'Bình Dương', nameEn: 'Binh Duong Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '79' },
  { code: '75', nameVi: 'Tỉnh Đồng Nai', shortNameVi: 'Đồng Nai', nameEn: 'Dong Nai Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '75' },
  { code: '77', nameVi: 'Tỉnh Bà Rịa - Vũng Tàu', shortNameVi: 'Bà Rịa - Vũng Tàu', nameEn: 'Ba Ria - Vung Tau Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '79' },
  { code: '79', nameVi: 'Thành phố Hồ Chí Minh', shortNameVi: 'Hồ Chí Minh', nameEn: 'Ho Chi Minh City', kind: 'city', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '79' },
  { code: '80', nameVi: 'Tỉnh Long An', shortNameVi: 'Long An', nameEn: 'Long An Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '80' },
  { code: '82', nameVi: 'Tỉnh Tiền Giang', shortNameVi: 'Tiền Giang', nameEn: 'Tien Giang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '82' },
  { code: '83', nameVi: 'Tỉnh Bến Tre', shortNameVi: 'Bến Tre', nameEn: 'Ben Tre Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '86' },
  { code: '84', nameVi: 'Tỉnh Trà Vinh', shortNameVi: 'Trà Vinh', nameEn: 'Tra Vinh Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '86' },
  { code: '86', nameVi: 'Tỉnh Vĩnh Long', shortNameVi: 'Vĩnh Long', nameEn: 'Vinh Long Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '86' },
  { code: '87', nameVi: 'Tỉnh Đồng Tháp', shortNameVi: 'Đồng Tháp', nameEn: 'Dong Thap Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '82' },
  { code: '89', nameVi: 'Tỉnh An Giang', shortNameVi: 'An Giang', nameEn: 'An Giang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '91' },
  { code: '91', nameVi: 'Tỉnh Kiên Giang', shortNameVi: 'Kiên Giang', nameEn: 'Kien Giang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '91' },
  { code: '92', nameVi: 'Thành phố Cần Thơ', shortNameVi: 'Cần Thơ', nameEn: 'Can Tho City', kind: 'city', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '92' },
  { code: '93', nameVi: 'Tỉnh Hậu Giang', shortNameVi: 'Hậu Giang', nameEn: 'Hau Giang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '92' },
  { code: '94', nameVi: 'Tỉnh Sóc Trăng', shortNameVi: 'Sóc Trăng', nameEn: 'Soc Trang Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '92' },
  { code: '95', nameVi: 'Tỉnh Bạc Liêu', shortNameVi: 'Bạc Liêu', nameEn: 'Bac Lieu Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '96' },
  { code: '96', nameVi: 'Tỉnh Cà Mau', shortNameVi: 'Cà Mau', nameEn: 'Ca Mau Province', kind: 'province', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '96' },];

/** The 34 units in force from 2025-07-01 (6 centrally-run cities, 28 provinces). */
export const CURRENT_UNITS: readonly ProvinceUnit[] = [
  { code: '01', nameVi: 'Thành phố Hà Nội', shortNameVi: 'Hà Nội', nameEn: 'Ha Noi City', kind: 'city', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '04', nameVi: 'Tỉnh Cao Bằng', shortNameVi: 'Cao Bằng', nameEn: 'Cao Bang Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '08', nameVi: 'Tỉnh Tuyên Quang', shortNameVi: 'Tuyên Quang', nameEn: 'Tuyen Quang Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '11', nameVi: 'Tỉnh Điện Biên', shortNameVi: 'Điện Biên', nameEn: 'Dien Bien Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '12', nameVi: 'Tỉnh Lai Châu', shortNameVi: 'Lai Châu', nameEn: 'Lai Chau Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '14', nameVi: 'Tỉnh Sơn La', shortNameVi: 'Sơn La', nameEn: 'Son La Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '15', nameVi: 'Tỉnh Lào Cai', shortNameVi: 'Lào Cai', nameEn: 'Lao Cai Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '19', nameVi: 'Tỉnh Thái Nguyên', shortNameVi: 'Thái Nguyên', nameEn: 'Thai Nguyen Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '20', nameVi: 'Tỉnh Lạng Sơn', shortNameVi: 'Lạng Sơn', nameEn: 'Lang Son Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '22', nameVi: 'Tỉnh Quảng Ninh', shortNameVi: 'Quảng Ninh', nameEn: 'Quang Ninh Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '24', nameVi: 'Tỉnh Bắc Ninh', shortNameVi: 'Bắc Ninh', nameEn: 'Bac Ninh Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '25', nameVi: 'Tỉnh Phú Thọ', shortNameVi: 'Phú Thọ', nameEn: 'Phu Tho Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '31', nameVi: 'Thành phố Hải Phòng', shortNameVi: 'Hải Phòng', nameEn: 'Hai Phong City', kind: 'city', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '33', nameVi: 'Tỉnh Hưng Yên', shortNameVi: 'Hưng Yên', nameEn: 'Hung Yen Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '37', nameVi: 'Tỉnh Ninh Bình', shortNameVi: 'Ninh Bình', nameEn: 'Ninh Binh Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '38', nameVi: 'Tỉnh Thanh Hóa', shortNameVi: 'Thanh Hóa', nameEn: 'Thanh Hoa Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '40', nameVi: 'Tỉnh Nghệ An', shortNameVi: 'Nghệ An', nameEn: 'Nghe An Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '42', nameVi: 'Tỉnh Hà Tĩnh', shortNameVi: 'Hà Tĩnh', nameEn: 'Ha Tinh Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '44', nameVi: 'Tỉnh Quảng Trị', shortNameVi: 'Quảng Trị', nameEn: 'Quang Tri Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '46', nameVi: 'Thành phố Huế', shortNameVi: 'Huế', nameEn: 'Hue City', kind: 'city', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '48', nameVi: 'Thành phố Đà Nẵng', shortNameVi: 'Đà Nẵng', nameEn: 'Da Nang City', kind: 'city', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '51', nameVi: 'Tỉnh Quảng Ngãi', shortNameVi: 'Quảng Ngãi', nameEn: 'Quang Ngai Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '52', nameVi: 'Tỉnh Gia Lai', shortNameVi: 'Gia Lai', nameEn: 'Gia Lai Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '56', nameVi: 'Tỉnh Khánh Hòa', shortNameVi: 'Khánh Hòa', nameEn: 'Khanh Hoa Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '66', nameVi: 'Tỉnh Đắk Lắk', shortNameVi: 'Đắk Lắk', nameEn: 'Dak Lak Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '68', nameVi: 'Tỉnh Lâm Đồng', shortNameVi: 'Lâm Đồng', nameEn: 'Lam Dong Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '75', nameVi: 'Tỉnh Đồng Nai', shortNameVi: 'Đồng Nai', nameEn: 'Dong Nai Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '79', nameVi: 'Thành phố Hồ Chí Minh', shortNameVi: 'Hồ Chí Minh', nameEn: 'Ho Chi Minh City', kind: 'city', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '80', nameVi: 'Tỉnh Tây Ninh', shortNameVi: 'Tây Ninh', nameEn: 'Tay Ninh Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '82', nameVi: 'Tỉnh Đồng Tháp', shortNameVi: 'Đồng Tháp', nameEn: 'Dong Thap Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '86', nameVi: 'Tỉnh Vĩnh Long', shortNameVi: 'Vĩnh Long', nameEn: 'Vinh Long Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '91', nameVi: 'Tỉnh An Giang', shortNameVi: 'An Giang', nameEn: 'An Giang Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '92', nameVi: 'Thành phố Cần Thơ', shortNameVi: 'Cần Thơ', nameEn: 'Can Tho City', kind: 'city', validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: '96', nameVi: 'Tỉnh Cà Mau', shortNameVi: 'Cà Mau', nameEn: 'Ca Mau Province', kind: 'province', validFrom: '2025-07-01', validTo: null, successorCode: null },
];
