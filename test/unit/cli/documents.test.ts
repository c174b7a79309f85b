import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifests } from '../../../src/cli/documents.ts';

const dir = mkdtempSync(join(tmpdir(), 'batchguard-documents-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = await readManifests([file]);
  return { objects: r.manifests.map((m) => m.object), problems: r.problems.map((p) => p.replace(file, name)) };
}

test('plain multi-document YAML: core-schema scalars, empty documents skipped, Lists expanded', async () => {
  const r = await read(
    'plain.yaml',
    'a: 0o17\nb: 0x1F\nc: 1e3\nd: "1"\ne: yes\nf: ~\ng: 2024-01-01T00:00:00Z\n---\n---\nkind: List\nitems: [{x: 1}, {y: 2}]\n',
  );
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.objects, [{ a: 15, b: 31, c: 1000, d: '1', e: 'yes', f: null, g: '2024-01-01T00:00:00Z' }, { x: 1 }, { y: 2 }]);
});

test('a repeated key keeps its last value, aliases expand, explicit tags resolve (the fallback parser)', async () => {
  assert.deepEqual((await read('dup.yaml', 'a: 1\na: 2\n')).objects, [{ a: 2 }]);
  assert.deepEqual((await read('alias.yaml', 'a: &x {k: v}\nb: *x\n')).objects, [{ a: { k: 'v' }, b: { k: 'v' } }]);
  assert.deepEqual((await read('tag.yaml', 'a: !!str 12\n')).objects, [{ a: '12' }]);
});

test('bad YAML is a problem with file, line and column', async () => {
  const r = await read('broken.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [x\n');
  assert.deepEqual(r.objects, []);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0], /^broken\.yaml:\d+:\d+: /);
});
