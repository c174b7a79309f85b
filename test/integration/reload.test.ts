// Certificate rotation the way a mounted Secret rotates: the kubelet writes a new timestamped
// directory and swaps the `..data` symlink. The server must pick the new pair up for new handshakes
// without failing a single request, and must keep the old pair when the new one is broken.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { connect } from 'node:tls';
import { request } from 'node:https';
import { X509Certificate } from 'node:crypto';
import pino from 'pino';
import { createCertificateAuthority, issueServingCertificate, type PemPair } from '../../src/certs/authority.ts';
import { reviewObject } from '../../src/engine/index.ts';
import { startServer } from '../../src/server/index.ts';
import { admissionReview, createClient } from './https-client.ts';

async function writeSecretVersion(dir: string, version: string, pair: PemPair): Promise<void> {
  const versionDir = join(dir, `..${version}`);
  await mkdir(versionDir);
  await writeFile(join(versionDir, 'tls.crt'), pair.certPem);
  await writeFile(join(versionDir, 'tls.key'), pair.keyPem);
  // Atomic swap, as the kubelet's AtomicWriter does.
  await symlink(`..${version}`, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
}

/** A Secret volume as the kubelet lays it out: version dirs, `..data`, and file links through it. */
async function mountSecret(dir: string, pair: PemPair): Promise<{ certFile: string; keyFile: string }> {
  await writeSecretVersion(dir, 'v1', pair);
  await symlink('..data/tls.crt', join(dir, 'tls.crt'));
  await symlink('..data/tls.key', join(dir, 'tls.key'));
  return { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
}

function servedSerial(port: number, caPem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: caPem, servername: 'localhost' }, () => {
      resolve(socket.getPeerX509Certificate()?.serialNumber ?? '');
      socket.end();
    });
    socket.on('error', reject);
  });
}

const serial = (pem: string) => new X509Certificate(pem).serialNumber;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('a rotated Secret is served to new connections with no failed request', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-reload-'));
  const ca = await createCertificateAuthority({ commonName: 'reload CA', days: 1 });
  const issue = () => issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: 1 });
  const [first, second, third] = await Promise.all([issue(), issue(), issue()]);
  const tls = await mountSecret(dir, first);

  const running = await startServer({
    host: '127.0.0.1',
    port: 0,
    tls,
    review: reviewObject,
    logger: pino({ level: 'silent' }),
    certificatePollMs: 500,
  });
  const keepAlive = createClient(running.url, ca.certPem);
  const fresh = createClient(running.url, ca.certPem, { keepAlive: false });
  const body = admissionReview('Job', 'CREATE', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'r', namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  });

  let stop = false;
  let ok = 0;
  const failures: string[] = [];
  const traffic = async (client: typeof keepAlive): Promise<void> => {
    while (!stop) {
      try {
        const reply = await client.postJson('/validate', body);
        if (reply.status === 200 && reply.json().response.allowed === true) ok++;
        else failures.push(`${reply.status} ${reply.text}`);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
  };
  const workers = [traffic(keepAlive), traffic(keepAlive), traffic(fresh), traffic(fresh)];
  try {
    assert.equal(await servedSerial(running.port, ca.certPem), serial(first.certPem));
    await sleep(200);

    await writeSecretVersion(dir, 'v2', second);
    await until('the second certificate', async () => (await servedSerial(running.port, ca.certPem)) === serial(second.certPem));
    assert.equal(running.certificate().certPem, second.certPem);

    // A broken pair (certificate and key that do not match) is refused; the last good pair stays.
    await writeSecretVersion(dir, 'v3', { certPem: third.certPem, keyPem: first.keyPem });
    await sleep(700);
    assert.equal(await servedSerial(running.port, ca.certPem), serial(second.certPem));

    await writeSecretVersion(dir, 'v4', third);
    await until('the third certificate', async () => (await servedSerial(running.port, ca.certPem)) === serial(third.certPem));
    await sleep(200);
  } finally {
    stop = true;
    await Promise.all(workers);
    keepAlive.close();
    fresh.close();
    await running.close();
    await rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(failures, []);
  assert.ok(ok > 50, `only ${ok} requests made it through`);
  const ready = running.certificate().notAfter.getTime() > Date.now();
  assert.ok(ready);
});

test('an expired serving certificate makes /readyz fail, and a renewed one makes it pass again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-expired-'));
  const ca = await createCertificateAuthority({ commonName: 'expiry CA', days: 1 });
  const expired = await issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: -1 });
  const tls = await mountSecret(dir, expired);
  const running = await startServer({
    host: '127.0.0.1',
    port: 0,
    tls,
    review: reviewObject,
    logger: pino({ level: 'silent' }),
  });
  // The probe (like the kubelet's) does not verify the certificate; readiness reports on it instead.
  const probe = (): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: running.port, path: '/readyz', rejectUnauthorized: false, agent: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    assert.deepEqual(await probe(), { status: 503, text: 'serving certificate expired' });
    await writeSecretVersion(dir, 'v2', await issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: 1 }));
    await until('readiness after renewal', async () => (await probe()).status === 200);
  } finally {
    await running.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a Secret mounted before it was filled: the server waits for the files, then serves them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-wait-'));
  const ca = await createCertificateAuthority({ commonName: 'wait-ca', days: 1 });
  const pair = await issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: 1 });
  const starting = startServer({
    host: '127.0.0.1',
    port: 0,
    tls: { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') },
    review: reviewObject,
    logger: pino({ level: 'silent' }),
  });
  let started = false;
  void starting.then(() => (started = true), () => (started = true));
  await sleep(300);
  assert.equal(started, false, 'must not start (or fail) before the files exist');
  await writeFile(join(dir, 'tls.key'), pair.keyPem);
  await writeFile(join(dir, 'tls.crt'), pair.certPem);
  const running = await starting;
  try {
    assert.equal(await servedSerial(running.port, ca.certPem), serial(pair.certPem));
  } finally {
    await running.close();
    await rm(dir, { recursive: true, force: true });
  }
});
