// The harness itself: a real control plane with kube-controller-manager, the webhook registration's
// propagation wait, and teardown that leaves nothing behind — also when the test process is
// interrupted (SIGINT) or killed outright (SIGKILL, where only the watchdog can clean up).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { portOpen, startControlPlane, REPO_ROOT, type ControlPlaneState } from '../harness/index.ts';

const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat); // a zombie holds nothing
  } catch {
    return false;
  }
};

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

test('a control plane with kube-controller-manager runs Jobs, and stop() leaves nothing', async () => {
  const cp = await startControlPlane({ controllerManager: ['job', 'garbagecollector'] });
  const state = cp.state();
  try {
    console.log(`[harness] startup: certs ${Math.round(cp.startup.certsMs)} ms, /readyz ${Math.round(cp.startup.readyMs)} ms, total ${Math.round(cp.startup.totalMs)} ms`);
    const version = JSON.parse((await cp.kubectl(['version', '-o', 'json'])).stdout);
    assert.equal(version.clientVersion.gitVersion, 'v1.36.4');
    assert.equal(version.serverVersion.gitVersion, 'v1.36.4');
    const created = await cp.kubectl(['create', 'job', 'canary', '--image=busybox:1.36']);
    assert.deepEqual(created, { code: 0, stdout: 'job.batch/canary created\n', stderr: '' });
    // No scheduler or kubelet: the built-in Job controller still creates the pod (Pending).
    const pod = await eventually(async () => (await cp.kubectl(['get', 'pods', '-l', 'job-name=canary', '-o', 'name'])).stdout.startsWith('pod/canary-'), 90_000);
    assert.ok(pod, 'kube-controller-manager created the pod');
  } finally {
    await cp.stop();
  }
  for (const [name, pid] of Object.entries(state.pids)) assert.equal(alive(pid), false, `${name} stopped`);
  assert.equal(await portOpen(state.server), false);
  assert.equal(existsSync(state.dir), false, 'scratch dir removed');
});

for (const signal of ['SIGINT', 'SIGKILL'] as const) {
  test(`a test process ended by ${signal} leaves no process, port or dir behind`, async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/e2e/helpers/hold-control-plane.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const state = await new Promise<ControlPlaneState>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
      });
      child.once('exit', (code) => reject(new Error(`helper exited early (${code})`)));
    });
    assert.ok(Object.values(state.pids).every(alive));
    assert.equal(await portOpen(state.server), true);
    child.kill(signal);
    const gone = await eventually(async () => Object.values(state.pids).every((p) => !alive(p)) && !existsSync(state.dir) && !(await portOpen(state.server)), 15_000);
    assert.ok(gone, `processes ${JSON.stringify(state.pids)} and ${state.dir} cleaned up after ${signal}`);
  });
}
