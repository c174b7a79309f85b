import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podFromTemplate, podGenerateNameWithIndex } from '../../../../src/controller/job/template.ts';
import { job, pod } from './fixtures.ts';

describe('pods built from the template', () => {
  it('truncates indexed generateName to 58 characters keeping -<index>-', () => {
    const long = 'a'.repeat(63);
    const name = podGenerateNameWithIndex(long, 12);
    assert.equal(name.length, 58);
    assert.ok(name.endsWith('-12-'));
    assert.equal(podGenerateNameWithIndex('short', 3), 'short-3-');
  });
  it('keeps an existing JOB_COMPLETION_INDEX and template finalizers', () => {
    const j = job({ completionMode: 'Indexed', completions: 2 });
    j.spec.template.metadata!.finalizers = ['example.com/keep'];
    j.spec.template.spec!.containers = [{ name: 'main', env: [{ name: 'JOB_COMPLETION_INDEX', value: 'x' }] }];
    const p = podFromTemplate(j, 1, undefined);
    assert.deepEqual(p.spec!.containers![0].env, [{ name: 'JOB_COMPLETION_INDEX', value: 'x' }]);
    assert.deepEqual(p.metadata.finalizers, ['example.com/keep', 'batch.kubernetes.io/job-tracking']);
  });
  it('an Ignored failure raises the ignored-failure count of the replacement, a counted one the failure count', () => {
    const j = job({ completionMode: 'Indexed', completions: 1, backoffLimitPerIndex: 2, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [42] } }] } });
    const ignored = pod('Failed', { index: 0, exitCode: 42, annotations: { 'batch.kubernetes.io/job-index-failure-count': '1' } });
    const counted = pod('Failed', { index: 0, exitCode: 1, annotations: { 'batch.kubernetes.io/job-index-failure-count': '1' } });
    assert.deepEqual(podFromTemplate(j, 0, ignored).metadata.annotations, {
      'batch.kubernetes.io/job-completion-index': '0', 'batch.kubernetes.io/job-index-failure-count': '1', 'batch.kubernetes.io/job-index-ignored-failure-count': '1',
    });
    assert.equal(podFromTemplate(j, 0, counted).metadata.annotations!['batch.kubernetes.io/job-index-failure-count'], '2');
  });
  it('NonIndexed pods get <job>- and no index', () => {
    const p = podFromTemplate(job(), undefined, undefined);
    assert.equal(p.metadata.generateName, 'j-');
    assert.equal(p.spec!.hostname, undefined);
    assert.equal(p.metadata.annotations, undefined);
  });
});
