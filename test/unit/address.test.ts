import { describe, expect, it } from 'vitest';
import { isAllowedAddress, literalAddress } from '../../src/modules/webhooks/address.js';

describe('webhook address guard', () => {
  it.each([
    '127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '192.0.2.10', '::1', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::127.0.0.1',
    'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '64:ff9b::7f00:1', '2002:7f00:1::', '2001:db8::1',
  ])('refuses %s', (ip) => {
    expect(isAllowedAddress(ip, false)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '203.162.4.191', '172.32.0.1', '2001:4860:4860::8888', '2402:800::1', '64:ff9b::808:808'])('allows %s', (ip) => {
    expect(isAllowedAddress(ip, false)).toBe(true);
  });

  it('allows loopback only when the test setting says so', () => {
    expect(isAllowedAddress('127.0.0.1', true)).toBe(true);
    expect(isAllowedAddress('::1', true)).toBe(true);
    expect(isAllowedAddress('10.0.0.1', true)).toBe(false);
  });

  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['https://example.vn/', undefined],
  ])('sees through %s', (url, address) => {
    expect(literalAddress(new URL(url).hostname)).toBe(address);
  });
});
