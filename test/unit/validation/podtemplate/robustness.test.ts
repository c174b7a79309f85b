import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { root } from '../../../../src/field/index.ts';
import { selectorMatchesLabels, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from '../../../../src/validation/meta/index.ts';
import { podTemplateOptionsFor, podTemplateWarnings, validatePodTemplateSpec } from '../../../../src/validation/podtemplate/index.ts';
import { baseTemplate } from './fixtures.ts';

// Any JSON at any of the places validators read, including nulls and wrong shapes, must not throw.
const anyJson = fc.jsonValue({ maxDepth: 3 });
const keys = [
  'containers', 'initContainers', 'ephemeralContainers', 'volumes', 'securityContext', 'affinity', 'tolerations',
  'dnsConfig', 'resources', 'overhead', 'topologySpreadConstraints', 'hostAliases', 'imagePullSecrets', 'os',
  'readinessGates', 'schedulingGates', 'resourceClaims', 'nodeSelector', 'restartPolicy', 'activeDeadlineSeconds',
];
const ctrKeys = ['ports', 'env', 'envFrom', 'resources', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'lifecycle', 'securityContext', 'resizePolicy', 'restartPolicyRules'];

test('pod template validation and warnings never throw on odd JSON', () => {
  const path = root('spec', 'template');
  fc.assert(
    fc.property(fc.constantFrom(...keys), anyJson, fc.constantFrom(...ctrKeys), anyJson, anyJson, (k, v, ck, cv, meta) => {
      const t = baseTemplate();
      t.spec[k] = v;
      t.spec.containers = [{ ...baseTemplate().spec.containers[0], [ck]: cv }];
      t.metadata = meta;
      validatePodTemplateSpec(t, path, podTemplateOptionsFor(t));
      podTemplateWarnings(t, path, t);
      validatePodTemplateSpec(v, path, {});
      podTemplateWarnings(v, path);
    }),
    { numRuns: 400, seed: 42 },
  );
});

test('metadata and selector validation never throw on odd JSON', () => {
  fc.assert(
    fc.property(anyJson, anyJson, (a, b) => {
      validateObjectMeta(a, root('metadata'), { namespaced: true });
      validateObjectMetaUpdate(a, b, root('metadata'));
      validateLabelSelector(a, root('s'), { allowInvalidLabelValueInSelector: false });
      const m = selectorMatchesLabels(a, b);
      assert.ok(m === true || m === false || m === undefined);
    }),
    { numRuns: 400, seed: 7 },
  );
});
