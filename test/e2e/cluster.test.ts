// `npm run cluster:up` / `cluster:down` as a newcomer uses them: up starts everything detached and
// returns; kubectl with .cluster/kubeconfig meets batchguard; down leaves no process and no port.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { isOurs, readState } from '../cluster/state.ts';
import { k8sBinDir, portOpen, REPO_ROOT, runKubectl } from '../harness/index.ts';

const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'batchguard-cluster-')), '.cluster');
const env = { ...process.env, BATCHGUARD_CLUSTER_DIR: dir, BATCHGUARD_K8S_BIN: k8sBinDir() };

function run(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(REPO_ROOT, script)], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const kubectl = (args: string[]) => runKubectl(k8sBinDir(), path.join(dir, 'kubeconfig'), path.join(path.dirname(dir), 'kube-cache'), args);

after(async () => {
  if (existsSync(dir)) await run('test/cluster/down.sh');
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

test('cluster:up starts a usable cluster in the background and cluster:down removes every trace', async () => {
  const up = await run('test/cluster/up.sh');
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /export KUBECONFIG=\S*kubeconfig/);
  const state = readState(dir);
  assert.ok(state, 'state.json written');
  assert.deepEqual(
    state.processes.map((p) => p.name),
    ['etcd', 'kube-apiserver', 'kube-controller-manager', 'batchguard-serve', 'batchguard-controller'],
  );
  assert.ok(state.processes.every(isOurs), 'every process runs after up.sh returned');

  const denied = await kubectl(['apply', '-f', path.join(REPO_ROOT, 'examples/job-invalid.yaml')]);
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /^The Job "broken" is invalid: \n\* spec\.parallelism: Invalid value: -1/);
  const warned = await kubectl(['apply', '-f', path.join(REPO_ROOT, 'examples/cronjob-warnings.yaml')]);
  assert.deepEqual(warned, {
    code: 0,
    stdout: 'cronjob.batch/never created\n',
    stderr: 'Warning: batchguard: spec.schedule: "0 0 30 2 *" never fires (no February 30)\n',
  });
  const managed = await kubectl(['apply', '-f', path.join(REPO_ROOT, 'examples/job-managed.yaml')]);
  assert.equal(managed.code, 0, managed.stderr);
  assert.equal((await kubectl(['get', 'job', 'managed-by-batchguard', '-o', 'jsonpath={.spec.managedBy}'])).stdout, 'batchguard.io/job-controller');
  // batchguard's controller (not the built-in one, which skips managedBy Jobs) creates its pod.
  let pods = '';
  for (let i = 0; i < 300 && pods === ''; i++) {
    pods = (await kubectl(['get', 'pods', '-l', 'batch.kubernetes.io/job-name=managed-by-batchguard', '-o', 'name'])).stdout.trim();
    if (pods === '') await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(pods, /^pod\/managed-by-batchguard-/);

  const again = await run('test/cluster/up.sh');
  assert.equal(again.code, 0);
  assert.match(again.stdout, /^already running/);

  const down = await run('test/cluster/down.sh');
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /cluster is down/);
  assert.ok(!state.processes.some(isOurs), 'no process left');
  assert.equal(await portOpen(state.server), false, 'API server port closed');
  assert.equal(await portOpen(state.webhookUrl), false, 'webhook port closed');
  assert.equal(existsSync(dir), false, 'state removed');
});
