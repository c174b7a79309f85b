import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultWorkers, parseDurationSeconds, parseServeArgs, parseTlsVersion } from '../../../src/server/options.ts';

test('defaults', () => {
  const r = parseServeArgs([], {});
  assert.ok(r.ok);
  assert.equal(r.options.host, '0.0.0.0');
  assert.equal(r.options.port, 8443);
  assert.equal(r.options.minTlsVersion, 'TLSv1.2');
  assert.equal(r.options.webhookTimeoutSeconds, 10);
  assert.equal(r.options.controllerName, 'batchguard.io/job-controller');
  assert.equal(r.options.certsDir, 'certs');
  assert.equal(r.options.kubeconfig, undefined);
});

test('flags beat environment, environment beats defaults', () => {
  const env = { BATCHGUARD_HOST: '10.0.0.1', BATCHGUARD_PORT: '9443', BATCHGUARD_DNS_NAMES: 'a.svc, b.svc', BATCHGUARD_MIN_TLS: '1.3' };
  const r = parseServeArgs(['--port', '7443', '--dns-name', 'c.svc'], env);
  assert.ok(r.ok);
  assert.equal(r.options.host, '10.0.0.1');
  assert.equal(r.options.port, 7443);
  assert.deepEqual(r.options.dnsNames, ['c.svc']);
  assert.equal(r.options.minTlsVersion, 'TLSv1.3');
  const e = parseServeArgs([], env);
  assert.ok(e.ok);
  assert.deepEqual(e.options.dnsNames, ['a.svc', 'b.svc']);
});

test('bad values are usage errors', () => {
  for (const argv of [['--port', 'x'], ['--port', '70000'], ['--min-tls', '1.1'], ['--cert-file', 'a'], ['--log-level', 'loud'],
    ['--webhook-timeout', 'soon'], ['--workers', '-1'], ['--workers', 'many'], ['--workers', '65'], ['--controller-name', 'no-domain'], ['--nope'], ['positional']]) {
    assert.equal(parseServeArgs(argv, {}).ok, false, argv.join(' '));
  }
});

test('durations and TLS versions', () => {
  assert.equal(parseDurationSeconds('10s'), 10);
  assert.equal(parseDurationSeconds('250ms'), 0.25);
  assert.equal(parseDurationSeconds('2m'), 120);
  assert.equal(parseDurationSeconds('3'), 3);
  assert.equal(parseDurationSeconds('3h'), undefined);
  assert.equal(parseTlsVersion('TLSv1.3'), 'TLSv1.3');
  assert.equal(parseTlsVersion('VersionTLS12'), 'TLSv1.2');
  assert.equal(parseTlsVersion('1.0'), undefined);
});

test('worker threads: one core stays with the event loop, at most four by default; flag and env override', () => {
  assert.deepEqual([1, 2, 3, 8, 64].map((cpus) => defaultWorkers(cpus)), [0, 1, 2, 4, 4]);
  const flag = parseServeArgs(['--workers', '0'], { BATCHGUARD_WORKERS: '3' });
  assert.ok(flag.ok);
  assert.equal(flag.options.workers, 0);
  const env = parseServeArgs([], { BATCHGUARD_WORKERS: '3' });
  assert.ok(env.ok);
  assert.equal(env.options.workers, 3);
  const dflt = parseServeArgs([], {});
  assert.ok(dflt.ok);
  assert.equal(dflt.options.workers, defaultWorkers());
});
