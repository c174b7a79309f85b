// The controller process loads @kubernetes/client-node's KubeConfig without the library's
// generated API and model classes (~30 MiB resident). Checked in a fresh process, since a test
// process may already hold the full library.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = (p: string) => JSON.stringify(fileURLToPath(new URL(`../../../src/controller/${p}`, import.meta.url)));

// Records every module URL resolved after the hook (hooks registered later run first), then loads
// the controller's client the way run.ts does and exercises KubeConfig, including the two
// generated helpers config.js still needs (makeApiClient).
const script = `
import module from 'node:module';
const seen = [];
module.registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
const { slimClientNode } = await import(${src('slimclient.ts')});
if (process.argv[1] === 'slim' && !slimClientNode()) throw new Error('no registerHooks');
const { KubeClient } = await import(${src('kube.ts')});
await import(${src('controller.ts')});
await import(${src('leader.ts')});
const { KubeConfig } = await import('@kubernetes/client-node/dist/config.js');
const kc = new KubeConfig();
kc.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
const client = new KubeClient(kc);
class Api { constructor(config) { this.config = config; } }
kc.makeApiClient(Api);
console.log(JSON.stringify(seen.filter((u) => u.includes('/@kubernetes/client-node/'))));
`;

function clientModules(mode: 'slim' | 'full'): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, mode], { encoding: 'utf8', cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('slim client-node', () => {
  it('loads KubeConfig, Watch and the request context without the generated APIs and models', () => {
    const urls = clientModules('slim');
    assert.ok(urls.some((u) => u.endsWith('/dist/config.js')), 'KubeConfig is the library\'s');
    assert.ok(urls.some((u) => u.endsWith('/dist/watch.js')));
    assert.deepEqual(urls.filter((u) => /\/gen\/(models|apis|types)\//.test(u)), []);
  });

  it('without the hook the same imports pull them in (what the hook saves)', () => {
    const urls = clientModules('full');
    assert.ok(urls.filter((u) => u.includes('/gen/models/')).length > 100);
  });
});
