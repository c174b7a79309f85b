// `batchguard validate` as a user runs it: a real process over real files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../../..');
const NODE = join(REPO, 'node_modules/.bin/node');
const MAIN = join(REPO, 'src/cli/main.ts');
let dir = '';

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(NODE, [MAIN, ...args], { cwd: dir, input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  backoffLimit: 4
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
      restartPolicy: Never
`;
const BAD = `apiVersion: batch/v1
kind: Job
metadata:
  name: bad
spec:
  parallelism: -1
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
`;
const ONE_ERROR = GOOD.replace('name: pi\nspec:', 'name: one\nspec:\n  completions: -2');
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: a, image: "busybox:1.36"}]
          restartPolicy: OnFailure
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'batchguard-cli-'));
  writeFileSync(join(dir, 'good.yaml'), GOOD);
  writeFileSync(join(dir, 'bad.yaml'), BAD);
  writeFileSync(join(dir, 'one.yaml'), ONE_ERROR);
  writeFileSync(join(dir, 'multi.yaml'), `${GOOD}---\n${CONFIGMAP}---\n${CRONJOB}`);
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [x\n');
  writeFileSync(join(dir, 'policy.yaml'), 'job:\n  ttlSecondsAfterFinished: 600\n');
  mkdirSync(join(dir, 'tree/sub'), { recursive: true });
  writeFileSync(join(dir, 'tree/a.yml'), GOOD);
  writeFileSync(join(dir, 'tree/sub/b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [JSON.parse(JSON.stringify({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x' }, spec: { schedule: 'bogus', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'b' }], restartPolicy: 'Never' } } } } } }))] }));
  writeFileSync(join(dir, 'tree/sub/notes.txt'), 'not a manifest');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a valid Job: exit 0 and a summary', () => {
  const r = run(['validate', 'good.yaml']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'good.yaml: job.batch/pi is valid\n1 object checked: 1 valid, 0 invalid, 0 warnings, 0 skipped (other kinds)\n');
});

test('one error on the kubectl line, several as * lines; exit 1', () => {
  const one = run(['validate', 'one.yaml']);
  assert.equal(one.code, 1);
  assert.match(one.stdout, /^one\.yaml: The Job "one" is invalid: spec\.completions: Invalid value: -2: must be greater than or equal to 0\n/);
  const r = run(['validate', 'bad.yaml']);
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout.split('\n').slice(0, 3).join('\n'),
    'bad.yaml: The Job "bad" is invalid: \n* spec.parallelism: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  );
});

test('multi-document files: other kinds are counted and skipped, documents are labelled by index', () => {
  const r = run(['validate', 'multi.yaml']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /multi\.yaml\[0\]: job\.batch\/pi is valid/);
  assert.match(r.stdout, /multi\.yaml\[2\]: cronjob\.batch\/nightly is valid/);
  assert.match(r.stdout, /2 objects checked: 2 valid, 0 invalid, 0 warnings, 1 skipped \(other kinds\)\n$/);
});

test('-o json: one array with the documented fields and the defaults patch', () => {
  const r = run(['validate', '-o', 'json', 'good.yaml', 'bad.yaml']);
  assert.equal(r.code, 1);
  const results = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(results.length, 2);
  assert.deepEqual(Object.keys(results[0]), ['file', 'index', 'kind', 'namespace', 'name', 'allowed', 'errors', 'warnings', 'patch']);
  assert.equal(results[0].namespace, 'default');
  assert.equal(results[0].allowed, true);
  assert.ok((results[0].patch as { path: string }[]).some((p) => p.path === '/spec/completionMode'));
  assert.deepEqual((results[1].errors as Record<string, string>[])[0], {
    field: 'spec.parallelism',
    type: 'FieldValueInvalid',
    detail: 'must be greater than or equal to 0',
    message: 'Invalid value: -1: must be greater than or equal to 0',
  });
});

test('directories are searched recursively for .yaml, .yml and .json; a List is expanded', () => {
  const r = run(['validate', '-o', 'json', 'tree']);
  assert.equal(r.code, 1);
  const results = JSON.parse(r.stdout) as { file: string; kind: string; allowed: boolean; errors: { field: string }[] }[];
  assert.deepEqual(results.map((x) => [x.file, x.kind, x.allowed]), [
    ['tree/a.yml', 'Job', true],
    ['tree/sub/b.json', 'CronJob', false],
  ]);
  assert.equal(results[1].errors[0].field, 'spec.schedule');
});

test('stdin with -', () => {
  const r = run(['validate', '-'], BAD);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^<stdin>: The Job "bad" is invalid:/);
});

test('bad YAML and missing files: exit 2 with file and line, no stack trace', () => {
  const r = run(['validate', 'broken.yaml', 'missing.yaml', 'good.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /broken\.yaml:\d+:\d+: Flow sequence/);
  assert.match(r.stderr, /missing\.yaml: cannot read: no such file or directory/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(r.stdout, /good\.yaml: job\.batch\/pi is valid/);
});

test('usage errors exit 2; --help and --version exit 0', () => {
  assert.equal(run(['validate']).code, 2);
  assert.equal(run(['validate', '-o', 'yaml', 'good.yaml']).code, 2);
  assert.equal(run(['validate', '--frobnicate', 'good.yaml']).code, 2);
  assert.equal(run(['nonsense']).code, 2);
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /batchguard validate/);
  assert.match(run(['validate', '--help']).stdout, /Exit status/);
  const v = run(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^batchguard \d+\.\d+\.\d+\n$/);
});

test('--policy fills unset fields in the patch; --old turns a manifest into an UPDATE', () => {
  const r = run(['validate', '-o', 'json', '--policy', 'policy.yaml', 'good.yaml']);
  assert.equal(r.code, 0, r.stderr);
  const [res] = JSON.parse(r.stdout) as { patch: { path: string; value: unknown }[] }[];
  assert.deepEqual(res.patch.find((p) => p.path === '/spec/ttlSecondsAfterFinished')?.value, 600);
  writeFileSync(join(dir, 'changed.yaml'), GOOD.replace('perl:5.34.0', 'perl:5.36'));
  writeFileSync(join(dir, 'scaled.yaml'), GOOD.replace('backoffLimit: 4', 'backoffLimit: 5'));
  const immutable = run(['validate', '--old', 'good.yaml', 'changed.yaml']);
  assert.equal(immutable.code, 1);
  assert.match(immutable.stdout, /spec\.template: Invalid value: .*: field is immutable/);
  assert.equal(run(['validate', '--old', 'good.yaml', 'scaled.yaml']).code, 0);
  assert.equal(run(['validate', '--policy', 'bad.yaml', 'good.yaml']).code, 2);
});

test('serve and controller are dispatched to their modules', () => {
  const serve = run(['serve', '--help']);
  assert.equal(serve.code, 0, serve.stderr);
  assert.match(serve.stdout, /^Usage: batchguard serve/);
  const controller = run(['controller', '--help']);
  assert.equal(controller.code, 0, controller.stderr);
  assert.match(controller.stdout, /^Usage: batchguard controller/);
});

test('unknown fields are warnings worded like the API server; a repeated YAML key keeps the last value', () => {
  writeFileSync(join(dir, 'unknown.yaml'), GOOD.replace('  backoffLimit: 4\n', '  backoffLimit: 4\n  backofLimit: 5\n  parallelism: 1\n  parallelism: 2\n'));
  const r = run(['validate', '-o', 'json', 'unknown.yaml']);
  assert.equal(r.code, 0, r.stderr);
  const [res] = JSON.parse(r.stdout) as { warnings: string[]; patch: unknown[] }[];
  assert.deepEqual(res.warnings, ['unknown field "spec.backofLimit"']);
  const text = run(['validate', 'unknown.yaml']);
  assert.match(text.stdout, /^Warning: unknown field "spec\.backofLimit"\nunknown\.yaml: job\.batch\/pi is valid\n/);
});

test('--old takes a stored object as the API server returned it (uid, selector, generated labels)', () => {
  const stored = readFileSync(join(import.meta.dirname, '../defaulting/fixtures/job.server.json'), 'utf8');
  writeFileSync(join(dir, 'stored.json'), stored);
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../defaulting/fixtures/job.input.json'), 'utf8')) as Record<string, any>;
  manifest.spec.parallelism = 2;
  writeFileSync(join(dir, 'scaled.json'), JSON.stringify(manifest));
  const ok = run(['validate', '--old', 'stored.json', 'scaled.json']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  manifest.spec.completions = 4;
  writeFileSync(join(dir, 'resized.json'), JSON.stringify(manifest));
  const bad = run(['validate', '-o', 'json', '--old', 'stored.json', 'resized.json']);
  assert.equal(bad.code, 1);
  const [res] = JSON.parse(bad.stdout) as { errors: { field: string; type: string }[] }[];
  assert.ok(res.errors.some((e) => e.field === 'spec.completions' && e.type === 'FieldValueInvalid'), JSON.stringify(res.errors));
});
