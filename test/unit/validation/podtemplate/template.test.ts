import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/field/index.ts';
import { validatePodTemplateSpec } from '../../../../src/validation/podtemplate/index.ts';
import { baseTemplate, brief, check, templatePath } from './fixtures.ts';

test('the defaulted base template is valid', () => {
  assert.deepEqual(check(() => {}), []);
});

test('template labels are reported at <template>.labels (no "metadata"), as upstream', () => {
  const errs = check((t) => (t.metadata.labels = { app: '-bad' }));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type]), [['spec.template.labels', 'FieldValueInvalid']]);
});

test('template annotations are reported at <template>.annotations', () => {
  const errs = check((t) => (t.metadata.annotations = { 'a b': 'x' }));
  assert.deepEqual(errs.map((e) => e.field), ['spec.template.annotations']);
});

test('pod deletion cost annotation must be a 32-bit integer without + or leading zeros', () => {
  for (const bad of ['+1', '007', '2147483648', 'x']) {
    const errs = check((t) => (t.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': bad }));
    assert.deepEqual(brief(errs), [
      {
        field: 'spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]',
        type: 'FieldValueInvalid',
        detail: 'must be a 32bit integer',
      },
    ]);
  }
  assert.deepEqual(check((t) => (t.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-5' })), []);
});

test('seccomp annotations: reported with a dotted child path', () => {
  const errs = check((t) => (t.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'bogus' }));
  assert.deepEqual(brief(errs), [
    {
      field: 'spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod',
      type: 'FieldValueInvalid',
      detail: 'must be a valid seccomp profile',
    },
  ]);
});

test('apparmor annotations name an existing container and a known profile', () => {
  const key = 'container.apparmor.security.beta.kubernetes.io/other';
  const errs = check((t) => (t.metadata.annotations = { [key]: 'weird' }));
  assert.deepEqual(brief(errs), [
    { field: `spec.template.annotations[${key}]`, type: 'FieldValueInvalid', detail: 'container not found' },
    { field: `spec.template.annotations[${key}]`, type: 'FieldValueInvalid', detail: 'invalid AppArmor profile name: "weird"' },
  ]);
});

test('mirror pod annotation needs spec.nodeName', () => {
  const errs = check((t) => (t.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' }));
  assert.deepEqual(brief(errs), [
    {
      field: 'spec.template.annotations[kubernetes.io/config.mirror]',
      type: 'FieldValueInvalid',
      detail: 'must set spec.nodeName if mirror pod annotation is set',
    },
  ]);
});

test('ephemeral containers: validated, then forbidden in templates', () => {
  const errs = check((t) => {
    t.spec.ephemeralContainers = [
      { name: 'pi', image: ' x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File', targetContainerName: 'nope', ports: [{ containerPort: 80, protocol: 'TCP' }] },
    ];
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.ephemeralContainers[0].image', type: 'FieldValueInvalid', detail: 'must not have leading or trailing whitespace' },
    { field: 'spec.template.spec.ephemeralContainers[0].name', type: 'FieldValueDuplicate', detail: '' },
    { field: 'spec.template.spec.ephemeralContainers[0].targetContainerName', type: 'FieldValueNotFound', detail: '' },
    { field: 'spec.template.spec.ephemeralContainers[0].ports', type: 'FieldValueForbidden', detail: 'cannot be set for an Ephemeral Container' },
    { field: 'spec.template.spec.ephemeralContainers', type: 'FieldValueForbidden', detail: 'ephemeral containers not allowed in pod template' },
  ]);
});

test('restartPolicy: empty is Required, unknown is NotSupported with the pod-level list', () => {
  assert.deepEqual(brief(check((t) => (t.spec.restartPolicy = ''))), [
    { field: 'spec.template.spec.restartPolicy', type: 'FieldValueRequired', detail: '' },
  ]);
  const errs = check((t) => (t.spec.restartPolicy = 'Sometimes'));
  assert.equal(
    errorString(errs[0]),
    'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
  );
  assert.deepEqual(check((t) => (t.spec.restartPolicy = 'Always')), []);
});

test('dnsPolicy: Required when empty, NotSupported list in upstream order', () => {
  assert.deepEqual(brief(check((t) => (t.spec.dnsPolicy = ''))), [
    { field: 'spec.template.spec.dnsPolicy', type: 'FieldValueRequired', detail: '' },
  ]);
  assert.deepEqual(brief(check((t) => (t.spec.dnsPolicy = 'Custom'))), [
    {
      field: 'spec.template.spec.dnsPolicy',
      type: 'FieldValueNotSupported',
      detail: 'supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    },
  ]);
});

test('terminationGracePeriodSeconds is required (defaulting sets 30)', () => {
  assert.deepEqual(brief(check((t) => delete t.spec.terminationGracePeriodSeconds)), [
    { field: 'spec.template.spec.terminationGracePeriodSeconds', type: 'FieldValueRequired', detail: '' },
  ]);
});

test('activeDeadlineSeconds must be 1..MaxInt32', () => {
  for (const v of [0, -1, 2147483648]) {
    assert.deepEqual(brief(check((t) => (t.spec.activeDeadlineSeconds = v))), [
      { field: 'spec.template.spec.activeDeadlineSeconds', type: 'FieldValueInvalid', detail: 'must be between 1 and 2147483647, inclusive' },
    ]);
  }
  assert.deepEqual(check((t) => (t.spec.activeDeadlineSeconds = 1)), []);
});

test('nodeSelector keys and values are labels', () => {
  const errs = check((t) => (t.spec.nodeSelector = { 'kubernetes.io/os': 'linux', disk: '-ssd' }));
  assert.deepEqual(errs.map((e) => [e.field, e.badValue]), [['spec.template.spec.nodeSelector', '-ssd']]);
});

test('hostname and subdomain are DNS-1123 labels', () => {
  const errs = check((t) => {
    t.spec.hostname = 'a.b';
    t.spec.subdomain = 'x'.repeat(64);
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.hostname', type: 'FieldValueInvalid', detail: 'must not contain dots' },
    { field: 'spec.template.spec.subdomain', type: 'FieldValueInvalid', detail: 'must be no more than 63 characters' },
  ]);
});

test('serviceAccountName, nodeName, priorityClassName and runtimeClassName are DNS subdomains', () => {
  const errs = check((t) => {
    t.spec.serviceAccountName = 'Bad';
    t.spec.nodeName = 'n_1';
    t.spec.priorityClassName = 'High';
    t.spec.runtimeClassName = 'R';
  });
  assert.deepEqual(errs.map((e) => e.field), [
    'spec.template.spec.serviceAccountName',
    'spec.template.spec.nodeName',
    'spec.template.spec.priorityClassName',
    'spec.template.spec.runtimeClassName',
  ]);
});

test('preemptionPolicy and os.name', () => {
  const errs = check((t) => {
    t.spec.preemptionPolicy = 'Sometimes';
    t.spec.os = { name: 'plan9' };
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.preemptionPolicy', type: 'FieldValueNotSupported', detail: 'supported values: "PreemptLowerPriority", "Never"' },
    { field: 'spec.template.spec.os', type: 'FieldValueNotSupported', detail: 'supported values: "linux", "windows"' },
  ]);
});

test('hostUsers false forbids host namespaces (Go field names in the paths)', () => {
  const errs = check((t) => {
    t.spec.hostUsers = false;
    t.spec.hostPID = true;
    t.spec.hostIPC = true;
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.HostPID', type: 'FieldValueForbidden', detail: 'when `hostUsers` is false' },
    { field: 'spec.template.spec.HostIPC', type: 'FieldValueForbidden', detail: 'when `hostUsers` is false' },
  ]);
});

test('odd input that passed the schema never throws', () => {
  const odd: unknown[] = [null, {}, { spec: null }, { metadata: null, spec: { containers: null, volumes: {}, initContainers: [null] } }];
  for (const t of odd) assert.doesNotThrow(() => validatePodTemplateSpec(t, templatePath, {}));
  const t = baseTemplate();
  t.spec.containers[0] = { ...t.spec.containers[0], ports: [null], env: [null], resources: null, volumeMounts: [{}], livenessProbe: {} };
  assert.doesNotThrow(() => validatePodTemplateSpec(t, templatePath, {}));
});

test('legacy seccomp and AppArmor annotations must agree with the fields when both are set', () => {
  const errs = check((t) => {
    t.metadata.annotations = {
      'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/pi': 'localhost/a.json',
      'container.apparmor.security.beta.kubernetes.io/pi': 'unconfined',
    };
    t.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'RuntimeDefault' } };
    t.spec.containers[0].securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'b.json' } };
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.securityContext.seccompProfile.type', type: 'FieldValueForbidden', detail: 'seccomp type in annotation and field must match' },
    {
      field: 'spec.template.spec.containers[0].securityContext.seccompProfile.localhostProfile',
      type: 'FieldValueForbidden',
      detail: 'seccomp profile in annotation and field must match',
    },
    {
      field: 'spec.template.spec.containers[0].securityContext.appArmorProfile.type',
      type: 'FieldValueForbidden',
      detail: 'apparmor type in annotation and field must match',
    },
  ]);
});

test('the legacy tolerations annotation is parsed and validated under its key', () => {
  const key = 'scheduler.alpha.kubernetes.io/tolerations';
  assert.deepEqual(brief(check((t) => (t.metadata.annotations = { [key]: '[{"key":"k","operator":"Like"}]' }))), [
    { field: `spec.template.annotations.${key}[0].operator`, type: 'FieldValueNotSupported', detail: 'supported values: "Equal", "Exists"' },
  ]);
  assert.deepEqual(brief(check((t) => (t.metadata.annotations = { [key]: 'x' }))), [
    { field: 'spec.template.annotations', type: 'FieldValueInvalid', detail: "invalid character 'x' looking for beginning of value" },
  ]);
});
