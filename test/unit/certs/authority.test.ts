import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCertificateAuthority, issueServingCertificate } from '../../../src/certs/authority.ts';
import { ensureDevCertificates } from '../../../src/certs/devcerts.ts';

test('the CA signs a serving certificate with the requested names and usages', async () => {
  const ca = await createCertificateAuthority({ commonName: 'test CA', days: 10 });
  const serving = await issueServingCertificate(ca, { dnsNames: ['batchguard.system.svc'], ipAddresses: ['127.0.0.1'], days: 2 });
  const caCert = new X509Certificate(ca.certPem);
  const cert = new X509Certificate(serving.certPem);
  assert.ok(caCert.ca);
  assert.ok(!cert.ca);
  assert.ok(cert.verify(caCert.publicKey));
  assert.ok(cert.checkIssued(caCert));
  assert.equal(cert.checkHost('batchguard.system.svc'), 'batchguard.system.svc');
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkHost('other.svc'), undefined);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  const days = (Date.parse(cert.validTo) - Date.now()) / 86400000;
  assert.ok(days > 1.9 && days <= 2);
});

test('key generation leaves the event loop free', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const started = Date.now();
  await createCertificateAuthority({ commonName: 'loop', days: 1 });
  clearInterval(timer);
  // A blocking generator would let no timer fire at all while it works.
  assert.ok(ticks >= Math.min(5, (Date.now() - started) / 20), `ticks ${ticks}`);
});

test('development certificates are generated once, reused, and regenerated for new names', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-devcerts-'));
  try {
    const first = await ensureDevCertificates(dir);
    assert.ok(first.generated);
    const again = await ensureDevCertificates(dir);
    assert.ok(!again.generated);
    assert.equal(again.certPem, first.certPem);
    const wider = await ensureDevCertificates(dir, ['batchguard.example']);
    assert.ok(wider.generated);
    assert.equal(wider.caPem, first.caPem, 'the CA is kept so clients keep trusting it');
    assert.equal(new X509Certificate(wider.certPem).checkHost('batchguard.example'), 'batchguard.example');
    assert.equal(await readFile(join(dir, 'tls.crt'), 'utf8'), wider.certPem);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an expired development certificate is replaced on the next start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-devcerts-'));
  try {
    const first = await ensureDevCertificates(dir);
    const ca = { certPem: first.caPem, keyPem: await readFile(join(dir, 'ca.key'), 'utf8') };
    const expired = await issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: -1 });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'tls.crt'), expired.certPem);
    await writeFile(join(dir, 'tls.key'), expired.keyPem);
    const next = await ensureDevCertificates(dir);
    assert.ok(next.generated);
    assert.ok(Date.parse(new X509Certificate(next.certPem).validTo) > Date.now());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
