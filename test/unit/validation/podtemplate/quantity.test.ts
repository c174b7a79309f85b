import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareQuantities, parseQuantity, quantityString } from '../../../../src/validation/podtemplate/index.ts';

const canon = (s: unknown): string => {
  const r = parseQuantity(s);
  if (!r.ok) throw new Error(r.message);
  return quantityString(r.quantity);
};

test('canonical strings as resource.Quantity.String()', () => {
  const cases: Array<[unknown, string]> = [
    ['0', '0'],
    ['500m', '500m'],
    ['0.5', '500m'],
    ['1', '1'],
    ['2000m', '2'],
    ['1000M', '1G'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['8Gi', '8Gi'],
    ['100Mi', '100Mi'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['0.1', '100m'],
    ['1.1e-10', '1e-9'],
    ['0.0000000001', '1n'],
    ['+1', '+1'],
    ['0.5Ki', '512'],
    ['10k', '10k'],
    [' 2 ', '2'],
    [2, '2'],
    [0.25, '250m'],
    ['-1', '-1'],
    ['12e6', '12e6'],
  ];
  for (const [input, want] of cases) assert.equal(canon(input), want, `quantity ${JSON.stringify(input)}`);
});

test('parse errors carry the apimachinery messages', () => {
  assert.deepEqual(parseQuantity('abc'), {
    ok: false,
    message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  });
  assert.deepEqual(parseQuantity('1Ki1'), { ok: false, message: "unable to parse quantity's suffix" });
  assert.deepEqual(parseQuantity('1.2.3'), {
    ok: false,
    message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  });
  assert.deepEqual(parseQuantity('1Kii'), { ok: false, message: "unable to parse quantity's suffix" });
  assert.deepEqual(parseQuantity(''), {
    ok: false,
    message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  });
});

test('comparison is exact across suffixes', () => {
  const q = (s: string) => {
    const r = parseQuantity(s);
    assert.ok(r.ok);
    return r.quantity;
  };
  assert.equal(compareQuantities(q('1Gi'), q('1073741824')), 0);
  assert.equal(compareQuantities(q('1G'), q('1Gi')), -1);
  assert.equal(compareQuantities(q('1001m'), q('1')), 1);
});
