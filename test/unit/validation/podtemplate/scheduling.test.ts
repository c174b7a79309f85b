import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podTemplateOptionsFor } from '../../../../src/validation/podtemplate/index.ts';
import { baseTemplate, brief, check } from './fixtures.ts';

const tol = 'spec.template.spec.tolerations[0]';

test('tolerations: empty key needs Exists, Equal values are label values, Exists has no value', () => {
  const errs = check((t) => (t.spec.tolerations = [{ operator: 'Equal', value: 'a b' }, { key: 'k', operator: 'Exists', value: 'v' }]));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.detail]), [
    [`${tol}.operator`, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'],
    [
      `${tol}.operator`,
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    ['spec.template.spec.tolerations[1].operator', "value must be empty when `operator` is 'Exists'"],
  ]);
});

test('tolerations: tolerationSeconds needs NoExecute; effects; unknown and comparison operators', () => {
  const errs = check((t) => (t.spec.tolerations = [{ key: 'k', operator: 'Lt', value: '5', effect: 'Evict', tolerationSeconds: 3 }]));
  assert.deepEqual(brief(errs), [
    { field: `${tol}.effect`, type: 'FieldValueInvalid', detail: "effect must be 'NoExecute' when `tolerationSeconds` is set" },
    { field: `${tol}.operator`, type: 'FieldValueNotSupported', detail: 'supported values: "Equal", "Exists", "Lt", "Gt"' },
    { field: `${tol}.effect`, type: 'FieldValueNotSupported', detail: 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' },
  ]);
  assert.deepEqual(brief(check((t) => (t.spec.tolerations = [{ key: 'k', operator: 'Like' }]))), [
    { field: `${tol}.operator`, type: 'FieldValueNotSupported', detail: 'supported values: "Equal", "Exists"' },
  ]);
  const allowed = check((t) => (t.spec.tolerations = [{ key: 'k', operator: 'Gt', value: '05' }]), { allowTaintTolerationComparisonOperators: true });
  assert.deepEqual(brief(allowed), [{ field: `${tol}.value`, type: 'FieldValueInvalid', detail: 'must be a valid decimal integer in canonical form' }]);
});

test('node affinity: terms required, operators, keys and values', () => {
  const errs = check(
    (t) =>
      (t.spec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1', '2'] }, { key: 'z', operator: 'Near' }], matchFields: [{ key: 'spec.x', operator: 'In', values: ['a'] }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'a', operator: 'In', values: ['-bad'] }] } }],
        },
      }),
  );
  const base = 'spec.template.spec.affinity.nodeAffinity';
  assert.deepEqual(brief(errs), [
    {
      field: `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`,
      type: 'FieldValueRequired',
      detail: "must be specified single value when `operator` is 'Lt' or 'Gt'",
    },
    {
      field: `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].operator`,
      type: 'FieldValueInvalid',
      detail: 'not a valid selector operator',
    },
    {
      field: `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key`,
      type: 'FieldValueInvalid',
      detail: 'not a valid field selector key',
    },
    { field: `${base}.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, type: 'FieldValueInvalid', detail: 'must be in the range 1-100' },
  ]);
  assert.deepEqual(brief(check((t) => (t.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } }))), [
    { field: `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, type: 'FieldValueRequired', detail: 'must have at least one node selector term' },
  ]);
});

test('pod affinity terms: selector syntax, namespaces, topologyKey', () => {
  const errs = check(
    (t) =>
      (t.spec.affinity = {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: '-x' } }, namespaces: ['A'], topologyKey: '' }],
        },
      }),
  );
  const term = 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]';
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 27)]), [
    [`${term}.labelSelector.matchLabels`, 'FieldValueInvalid', 'a valid label must be an em'],
    [`${term}.namespace`, 'FieldValueInvalid', 'a lowercase RFC 1123 label '],
    [`${term}.topologyKey`, 'FieldValueRequired', 'can not be empty'],
    [`${term}.topologyKey`, 'FieldValueInvalid', 'name part must be non-empty'],
    [`${term}.topologyKey`, 'FieldValueInvalid', 'name part must consist of a'],
  ]);
});

test('an old template with invalid affinity values keeps them allowed on update', () => {
  const old = baseTemplate();
  old.spec.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['-x'] }] }, topologyKey: 'k' }] } };
  const opts = podTemplateOptionsFor(old);
  assert.equal(opts.allowInvalidLabelValueInSelector, true);
  assert.deepEqual(check((t) => (t.spec.affinity = old.spec.affinity), opts), []);
  assert.equal(check((t) => (t.spec.affinity = old.spec.affinity), podTemplateOptionsFor(undefined)).length, 1);
});

test('topology spread constraints', () => {
  const errs = check(
    (t) =>
      (t.spec.topologySpreadConstraints = [
        { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 },
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', nodeTaintsPolicy: 'Maybe' },
      ]),
  );
  const c = 'spec.template.spec.topologySpreadConstraints';
  assert.deepEqual(brief(errs), [
    { field: `${c}[0].maxSkew`, type: 'FieldValueInvalid', detail: 'must be greater than zero' },
    { field: `${c}[0].{topologyKey, whenUnsatisfiable}`, type: 'FieldValueDuplicate', detail: '' },
    { field: `${c}[0].minDomains`, type: 'FieldValueInvalid', detail: 'can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway' },
    { field: `${c}[1].nodeTaintsPolicy`, type: 'FieldValueNotSupported', detail: 'supported values: "Honor", "Ignore"' },
  ]);
});

test('dnsConfig: None needs nameservers; IPs strict; search domains relaxed', () => {
  assert.deepEqual(brief(check((t) => (t.spec.dnsPolicy = 'None'))), [
    { field: 'spec.template.spec.dnsConfig', type: 'FieldValueRequired', detail: 'must provide `dnsConfig` when `dnsPolicy` is None' },
  ]);
  const errs = check((t) => (t.spec.dnsConfig = { nameservers: ['1.2.3', '010.0.0.1'], searches: ['my_corp.example.', '.', 'Bad'], options: [{}] }));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 30)]), [
    ['spec.template.spec.dnsConfig.nameservers[0]', 'FieldValueInvalid', 'must be a valid IP address, (e'],
    ['spec.template.spec.dnsConfig.nameservers[1]', 'FieldValueInvalid', 'must not have leading 0s'],
    ['spec.template.spec.dnsConfig.searches[2]', 'FieldValueInvalid', "a lowercase RFC 1123 subdomain"],
    ['spec.template.spec.dnsConfig.options[0]', 'FieldValueRequired', 'must not be empty'],
  ]);
});

test('hostAliases, readiness and scheduling gates', () => {
  const errs = check((t) => {
    t.spec.hostAliases = [{ ip: '::ffff:1.2.3.4', hostnames: ['Bad'] }];
    t.spec.readinessGates = [{ conditionType: 'a/b/c' }];
    t.spec.schedulingGates = [{ name: 'x.io/gate' }, { name: 'x.io/gate' }];
  });
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type]), [
    ['spec.template.spec.readinessGates[0].conditionType', 'FieldValueInvalid'],
    ['spec.template.spec.schedulingGates[1]', 'FieldValueDuplicate'],
    ['spec.template.spec.hostAliases[0].ip', 'FieldValueInvalid'],
    ['spec.template.spec.hostAliases[0].hostnames[0]', 'FieldValueInvalid'],
  ]);
});

test('matchLabelKeys/mismatchLabelKeys: need a selector, are label names, do not overlap', () => {
  const term = 'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]';
  const errs = check(
    (t) =>
      (t.spec.affinity = {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'k', matchLabelKeys: ['rev', 'bad key'], mismatchLabelKeys: ['rev'] },
          ],
        },
      }),
  );
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 26)]), [
    [`${term}.matchLabelKeys[1]`, 'FieldValueInvalid', 'name part must consist of '],
    [`${term}.matchLabelKeys[0]`, 'FieldValueInvalid', 'exists in both matchLabelK'],
  ]);
  const spread = check((t) => (t.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'z', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['rev'] }]));
  assert.deepEqual(brief(spread), [
    { field: 'spec.template.spec.topologySpreadConstraints[0].matchLabelKeys', type: 'FieldValueForbidden', detail: 'must not be specified when labelSelector is not set' },
  ]);
});

test('options from the old template: spread selectors, token paths, hugepages, SELinux policy, comparisons', () => {
  const old = baseTemplate();
  old.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'z', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { a: '-x' } } }];
  old.spec.volumes = [{ name: 'p', projected: { sources: [{ serviceAccountToken: { path: '/abs', expirationSeconds: 3600 } }] } }];
  old.spec.containers[0].resources = { limits: { 'hugepages-2Mi': '3Mi', memory: '1Gi' }, requests: { 'hugepages-2Mi': '3Mi' } };
  old.spec.securityContext = { seLinuxChangePolicy: 'MountOption' };
  old.spec.tolerations = [{ key: 'k', operator: 'Gt', value: '1' }];
  const opts = podTemplateOptionsFor(old);
  assert.deepEqual(
    [opts.allowInvalidTopologySpreadConstraintLabelSelector, opts.allowNonLocalProjectedTokenPath, opts.allowIndivisibleHugePagesValues, opts.onlyRecursiveSELinuxChangePolicy, opts.allowTaintTolerationComparisonOperators],
    [true, true, true, false, true],
  );
  assert.deepEqual(check((t) => Object.assign(t, old), opts), []);
  assert.equal(check((t) => Object.assign(t, old)).length, 6);
});

test('legacy matchLabelKeys rule applies when the old template already fails the current one', () => {
  const spread = [{ maxSkew: 1, topologyKey: 'z', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app'], labelSelector: { matchLabels: { app: 'x' } } }];
  const old = baseTemplate();
  old.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'z', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['bad key'], labelSelector: {} }];
  assert.deepEqual(check((t) => (t.spec.topologySpreadConstraints = spread)), []);
  assert.deepEqual(brief(check((t) => (t.spec.topologySpreadConstraints = spread), podTemplateOptionsFor(old))), [
    { field: 'spec.template.spec.topologySpreadConstraints[0].matchLabelKeys[0]', type: 'FieldValueInvalid', detail: 'exists in both matchLabelKeys and labelSelector' },
  ]);
});
