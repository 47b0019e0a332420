import { describe, expect, it } from 'vitest';
import { exactForm, fold, foldedForm, nfc, nfcDeep, tokens } from '../../src/lib/text.js';
import { decodeCursor, encodeCursor, filterFingerprint } from '../../src/modules/registry/cursor.js';

describe('fold', () => {
  it.each([
    ['Xử lý nước thải', 'Xu ly nuoc thai'],
    ['Đà Nẵng', 'Da Nang'],
    ['đường', 'duong'],
    ['ĐỒNG THÁP', 'DONG THAP'],
    ['Khánh Hòa', 'Khanh Hoa'],
    ['Khánh Hoà', 'Khanh Hoa'],
    ['kỹ thuật', 'ky thuat'],
    ['Quỹ đổi mới công nghệ', 'Quy doi moi cong nghe'],
    ['ma má mà mả mã mạ', 'ma ma ma ma ma ma'],
    ['Xử lý nước thải'.normalize('NFD'), 'Xu ly nuoc thai'],
    ['수처리 기술', '수처리 기술'],
    ['IoT 4.0', 'IoT 4.0'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe('search forms and tokens', () => {
  it.each([
    ['Xử Lý NƯỚC', 'xử lý nước', 'xu ly nuoc'],
    ['ĐÀ NẴNG', 'đà nẵng', 'da nang'],
    ['Hệ thống IoT', 'hệ thống iot', 'he thong iot'],
  ])('%s → exact %s, folded %s', (input, exact, folded) => {
    expect(exactForm(input)).toBe(exact);
    expect(foldedForm(input)).toBe(folded);
  });

  it.each([
    ['xử lý, nước-thải!', ['xử', 'lý', 'nước', 'thải']],
    ["CNTT & IoT's (4.0)", ['CNTT', 'IoT', 's', '4', '0']],
    ["a:* | b <-> 'c'", ['a', 'b', 'c']],
    ['   ', []],
    ['태양광 발전', ['태양광', '발전']],
  ])('tokens(%j) keeps only letters and digits', (input, expected) => {
    expect(tokens(input)).toEqual(expected);
  });

  it('NFC-normalises deeply, leaving non-strings alone', () => {
    const nfd = 'nước'.normalize('NFD');
    expect(nfcDeep({ a: nfd, b: [nfd, 1, null], c: { d: nfd }, e: true })).toEqual({ a: nfc(nfd), b: [nfc(nfd), 1, null], c: { d: nfc(nfd) }, e: true });
  });
});

describe('cursor', () => {
  const id = '7c1e0000-0000-4000-8000-000000000000';
  it.each([
    ['a time', '2026-11-22T10:00:00.123Z'],
    ['a rank', 0.0607927],
    ['a null', null],
    ['a TRL', 7],
  ])('round-trips %s', (_name, value) => {
    const f = filterFingerprint({ q: 'x', sort: '-updatedAt' });
    expect(decodeCursor(encodeCursor({ value, id }, f), f)).toEqual({ value, id });
  });

  it('binds to the filters: key order does not matter, values do', () => {
    expect(filterFingerprint({ a: 1, b: 2 })).toBe(filterFingerprint({ b: 2, a: 1 }));
    expect(filterFingerprint({ a: 1 })).not.toBe(filterFingerprint({ a: 2 }));
    const cursor = encodeCursor({ value: 1, id }, filterFingerprint({ a: 1 }));
    expect(() => decodeCursor(cursor, filterFingerprint({ a: 2 }))).toThrow(/other filters/);
  });

  it.each(['', 'not base64 !', Buffer.from('{"f":"x","v":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"f":"x","v":{},"i":"7c1e0000-0000-4000-8000-000000000000"}').toString('base64url')])(
    'refuses a forged cursor %j',
    (cursor) => {
      expect(() => decodeCursor(cursor, 'x')).toThrow();
    },
  );
});
