// `batchguard serve` as users start it: flags and environment, --help, usage errors, the policy file,
// and development certificates kept in certs/ and reused by the next start.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runServe, serveProcess, type Served } from './cli-process.ts';
import { admissionReview, createClient } from './https-client.ts';

async function stopped(s: Served): Promise<void> {
  s.child.kill('SIGTERM');
  assert.equal((await s.exited).code, 0);
  await rm(s.dir, { recursive: true, force: true });
}

test('--help prints the flags; a bad flag or value is a usage error (exit 2)', async () => {
  const help = await runServe(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: batchguard serve/);
  for (const flag of ['--cert-file', '--key-file', '--dns-name', '--min-tls', '--webhook-timeout', '--policy', '--controller-name', '--kubeconfig']) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  const bad = await runServe(['--port', 'eighty']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^batchguard serve: invalid --port "eighty"/);
  assert.equal((await runServe(['--what'])).code, 2);
});

test('an invalid policy file stops the start with exit 2 instead of denying every request', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-policy-'));
  try {
    await writeFile(join(dir, 'policy.yaml'), 'job:\n  backoffLimit: -1\n');
    const r = await runServe(['--policy', join(dir, 'policy.yaml'), '--port', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /policy .*policy\.yaml: /);
    const missing = await runServe(['--policy', join(dir, 'nope.yaml'), '--port', '0']);
    assert.equal(missing.code, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the policy file\'s defaults reach the mutating webhook\'s patch', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-policy-'));
  await writeFile(join(dir, 'policy.yaml'), 'job:\n  ttlSecondsAfterFinished: 600\n');
  const s = await serveProcess([], { BATCHGUARD_POLICY: join(dir, 'policy.yaml') });
  const client = createClient(s.url.origin, s.caPem);
  try {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'p', namespace: 'default' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    const response = (await client.postJson('/mutate', admissionReview('Job', 'CREATE', job))).json().response;
    const ops = JSON.parse(Buffer.from(response.patch, 'base64').toString());
    assert.ok(ops.some((op: { path: string; value: unknown }) => op.path === '/spec/ttlSecondsAfterFinished' && op.value === 600), JSON.stringify(ops));
    await stopped(s);
  } finally {
    client.close();
    s.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

test('at the default level (info) a denial is logged with its request\'s fields and an allowed answer is not', async () => {
  const s = await serveProcess([]);
  const client = createClient(s.url.origin, s.caPem);
  try {
    const job = (name: string, restartPolicy: string) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'default' },
      spec: { template: { spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const allowed = admissionReview('Job', 'CREATE', job('ok', 'Never'));
    const denied = admissionReview('Job', 'CREATE', job('bad', 'Always'));
    assert.equal((await client.postJson('/validate', allowed)).json().response.allowed, true);
    assert.equal((await client.postJson('/validate', denied)).json().response.allowed, false);
    await stopped(s);
    const admissions = s.logs.filter((l) => l.msg === 'admission');
    assert.equal(admissions.length, 1, JSON.stringify(admissions));
    const [line] = admissions;
    assert.equal(line.uid, (denied.request as { uid: string }).uid);
    assert.equal(line.decision, 'denied');
    assert.equal(line.level, 30);
    for (const field of ['kind', 'namespace', 'name', 'operation', 'durationMs']) assert.ok(field in line, `log has ${field}`);
    assert.equal(line.name, 'bad');
  } finally {
    client.close();
    s.child.kill('SIGKILL');
    await rm(s.dir, { recursive: true, force: true });
  }
});

test('development certificates are generated into the certs dir once and reused by the next start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-devcerts-'));
  const certsDir = join(dir, 'certs');
  const started: Served[] = [];
  try {
    const first = await serveProcess(['--dns-name', 'batchguard.batchguard-system.svc'], {}, certsDir);
    started.push(first);
    assert.equal(first.logs.find((l) => l.msg === 'using development certificate')?.generated, true);
    const cert = new X509Certificate(await readFile(join(certsDir, 'tls.crt'), 'utf8'));
    for (const host of ['localhost', 'batchguard.batchguard-system.svc']) assert.equal(cert.checkHost(host), host);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    await stopped(first);

    const second = await serveProcess(['--dns-name', 'batchguard.batchguard-system.svc'], {}, certsDir);
    started.push(second);
    assert.equal(second.logs.find((l) => l.msg === 'using development certificate')?.generated, false);
    const reused = new X509Certificate(await readFile(join(certsDir, 'tls.crt'), 'utf8'));
    assert.equal(reused.fingerprint256, cert.fingerprint256);
    const client = createClient(second.url.origin, second.caPem);
    assert.equal((await client.send('GET', '/readyz')).text, 'ok');
    client.close();
    await stopped(second);
  } finally {
    for (const s of started) s.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

test('a port already in use ends the start with exit 1, worker threads and all', async () => {
  const { createServer } = await import('node:net');
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const dir = await mkdtemp(join(tmpdir(), 'bg-taken-'));
  try {
    const port = String((taken.address() as { port: number }).port);
    // A worker left running would keep the process alive: the test would time out instead.
    const r = await runServe(['--host', '127.0.0.1', '--port', port, '--workers', '1', '--certs-dir', join(dir, 'certs')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr + r.stdout, /EADDRINUSE/);
  } finally {
    taken.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('SIGTERM while still starting (waiting for the certificate files) ends the process with 0', async () => {
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const dir = await mkdtemp(join(tmpdir(), 'bg-early-'));
  try {
    const child = spawn(process.execPath, ['src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', '0', '--cert-file', join(dir, 'tls.crt'), '--key-file', join(dir, 'tls.key')],
      { cwd: new URL('../../', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes('waiting for the serving certificate files')) resolve();
      });
    });
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
