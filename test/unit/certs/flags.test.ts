import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCertificateFlags } from '../../../src/certs/flags.ts';
import { rotationPolicy } from '../../../src/certs/manager.ts';

describe('parseCertificateFlags', () => {
  it('takes the chart\'s --cert-* flags out and leaves the controller\'s own', () => {
    const result = parseCertificateFlags([
      '--leader-elect',
      '--cert-manage',
      '--cert-namespace=batchguard-system',
      '--cert-secret=bg-tls',
      '--cert-ca-secret',
      'bg-ca',
      '--cert-service=bg',
      '--cert-webhook-configuration=bg',
      '--cert-ca-days=365',
      '--cert-leaf-days=90',
      '--cert-renew-before-percent=33',
      '--lease-name=bg-leader',
    ]);
    assert.ok(result.ok);
    assert.deepEqual(result.rest, ['--leader-elect', '--lease-name=bg-leader']);
    assert.deepEqual(result.certificates, {
      namespace: 'batchguard-system',
      secretName: 'bg-tls',
      caSecretName: 'bg-ca',
      serviceName: 'bg',
      webhookNames: { validating: ['bg'], mutating: ['bg'] },
      caDays: 365,
      leafDays: 90,
      renewBefore: 0.33,
    });
  });

  it('returns no certificate settings without --cert-manage', () => {
    const result = parseCertificateFlags(['--workers=2']);
    assert.deepEqual(result, { ok: true, certificates: undefined, rest: ['--workers=2'] });
  });

  it('rejects incomplete or malformed settings with a message naming the flag', () => {
    assert.deepEqual(parseCertificateFlags(['--cert-manage', '--cert-secret=x']), {
      ok: false,
      message: '--cert-manage needs --cert-secret, --cert-service and at least one --cert-webhook-configuration',
    });
    assert.deepEqual(parseCertificateFlags(['--cert-ca-days=-1']), { ok: false, message: '--cert-ca-days needs a positive number of days' });
    assert.deepEqual(parseCertificateFlags(['--cert-renew-before-percent=100']), { ok: false, message: '--cert-renew-before-percent needs a percentage between 0 and 100 (exclusive)' });
    assert.deepEqual(parseCertificateFlags(['--cert-colour=red']), { ok: false, message: 'unknown flag: --cert-colour=red' });
    assert.deepEqual(parseCertificateFlags(['--cert-secret']), { ok: false, message: '--cert-secret needs a value' });
  });
});

describe('rotationPolicy', () => {
  it('defaults to a one-year CA, 90-day certificates renewed with a third left', () => {
    const policy = rotationPolicy({});
    assert.equal(policy.caLifetimeMs, 365 * 86_400_000);
    assert.equal(policy.leafLifetimeMs, 90 * 86_400_000);
    assert.equal(policy.renewBefore, 1 / 3);
  });
  it('refuses a serving certificate that would outlive its CA', () => {
    assert.throws(() => rotationPolicy({ caDays: 30, leafDays: 90 }), /invalid certificate settings: the serving certificate lifetime must be shorter than the CA lifetime/);
  });
});
