// The container image without a container engine: the Dockerfile's instructions are replayed in temp
// dirs (build stage: compile and pack; runtime stage: unpack, production install, prune), then
// `batchguard --version` runs from the result. Only the build stage's dev-dependency `npm ci` is
// stood in for by the checkout's node_modules (same lockfile), to spare the download.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from './helm.ts';

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

/** FROM/RUN/COPY/... with line continuations joined and comments dropped; ARG defaults substituted. */
export function parseDockerfile(text: string): Stage[] {
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const expanded = rest.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
    if (op === 'ARG' && stages.length === 0) {
      const [name, value] = expanded.split('=');
      args[name] = value ?? '';
    } else if (op === 'FROM') {
      const [from, , name] = expanded.split(/\s+/);
      stages.push({ from, name: name ?? String(stages.length), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ op, args: expanded });
    }
  }
  return stages;
}

function sh(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const nodeDir = path.dirname(process.execPath);
  return new Promise((resolve) => {
    execFile('bash', ['-euo', 'pipefail', '-c', command], {
      cwd,
      env: { ...process.env, PATH: `${nodeDir}:${process.env.PATH}`, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
      maxBuffer: 16 * 1024 * 1024,
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
  const build = stages.find((s) => s.name === 'build');
  const runtime = stages.at(-1);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'batchguard-image-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('has a build stage and a slim Node 24 runtime that runs as a numeric non-root user', () => {
    assert.ok(build, 'a stage named build');
    assert.ok(runtime && runtime !== build);
    assert.match(runtime.from, /^node:24[-.\w]*slim$/);
    const user = runtime.instructions.filter((i) => i.op === 'USER').at(-1);
    assert.ok(user && /^[1-9]\d*(:\d+)?$/.test(user.args), `USER ${user?.args}`);
    assert.ok(runtime.instructions.some((i) => i.op === 'RUN' && /npm ci --omit=dev/.test(i.args)), 'production dependencies only');
    assert.ok(!runtime.instructions.some((i) => i.op === 'COPY' && /node_modules|\bsrc\b/.test(i.args)), 'no dev node_modules or sources copied in');
    const dockerignore = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8');
    assert.match(dockerignore, /^\*$/m, '.dockerignore starts from nothing');
  });

  it('replays both stages and starts `batchguard --version` from the runtime stage', { timeout: 300_000 }, async () => {
    assert.ok(build && runtime);
    // Build stage: /src is the context copy, /out a scratch dir.
    const src = path.join(tmp, 'src-stage');
    const out = path.join(tmp, 'out');
    mkdirSync(src);
    const mapBuild = (command: string): string => command.replaceAll('/out', out);
    for (const { op, args } of build.instructions) {
      if (op === 'COPY') {
        const parts = args.split(/\s+/);
        for (const from of parts.slice(0, -1)) cpSync(path.join(REPO_ROOT, from), path.join(src, parts.length > 2 ? path.basename(from) : parts.at(-1)!.replace(/^\.\/?/, '') || path.basename(from)), { recursive: true });
      } else if (op === 'RUN') {
        const command = mapBuild(args.replace(/--mount=\S+\s*/g, ''));
        if (/^npm ci\b/.test(command)) {
          symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(src, 'node_modules'));
          continue;
        }
        const result = await sh(command, src);
        assert.equal(result.code, 0, `build stage RUN ${command}\n${result.stdout}\n${result.stderr}`);
      }
    }
    assert.ok(existsSync(path.join(out, 'batchguard.tgz')), 'the build stage packed the artefact');

    // Runtime stage: WORKDIR /app; COPY --from=build takes from /out, plain COPY from the context.
    const app = path.join(tmp, 'app');
    mkdirSync(app);
    for (const { op, args } of runtime.instructions) {
      if (op === 'COPY') {
        const parts = args.split(/\s+/);
        const fromBuild = parts[0] === '--from=build';
        const sources = (fromBuild ? parts.slice(1, -1) : parts.slice(0, -1)).map((p) => (fromBuild ? mapBuild(p) : path.join(REPO_ROOT, p)));
        for (const from of sources) cpSync(from, path.join(app, path.basename(from)));
      } else if (op === 'RUN') {
        const command = args.replace(/--mount=\S+\s*/g, '');
        const result = await sh(command, app);
        assert.equal(result.code, 0, `runtime stage RUN ${command}\n${result.stdout}\n${result.stderr}`);
      }
    }

    const modules = path.join(app, 'node_modules');
    for (const dev of ['typescript', 'fast-check', 'autocannon', '@types/express', 'node']) assert.ok(!existsSync(path.join(modules, dev)), `dev dependency ${dev} is not in the image`);
    for (const prod of ['@kubernetes/client-node', 'express', 'node-forge', 'ajv']) assert.ok(existsSync(path.join(modules, prod)), `${prod} is in the image`);
    assert.ok(!existsSync(path.join(app, 'src', 'certs')), 'no TypeScript sources in the image');

    const entrypoint = runtime.instructions.filter((i) => i.op === 'ENTRYPOINT').at(-1);
    assert.deepEqual(entrypoint && JSON.parse(entrypoint.args), ['node', '/app/dist/cli/main.js']);
    const version = await sh(`node dist/cli/main.js --version`, app);
    assert.equal(version.code, 0, version.stderr);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.match(version.stdout.trim(), new RegExp(`\\b${pkg.version.replaceAll('.', '\\.')}\\b`));
    const size = await sh('du -sm . | cut -f1', app);
    process.stderr.write(`image /app: ${size.stdout.trim()} MiB (node_modules + dist)\n`);
  });
});
