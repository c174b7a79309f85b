import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podTemplateWarnings } from '../../../../src/validation/podtemplate/index.ts';
import { baseTemplate, ctr, templatePath, type Json } from './fixtures.ts';

const warn = (mutate: (t: Json) => void): string[] => {
  const t = baseTemplate();
  mutate(t);
  return podTemplateWarnings(t, templatePath);
};

test('a plain template has no warnings', () => {
  assert.deepEqual(warn(() => {}), []);
});

test('deprecated node labels in nodeSelector, node affinity and topology keys', () => {
  const w = warn((t) => {
    t.spec.nodeSelector = { 'beta.kubernetes.io/arch': 'amd64' };
    t.spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'beta.kubernetes.io/os', operator: 'In', values: ['linux'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'a', operator: 'In', values: ['-x'] }] } }],
      },
    };
    t.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'failure-domain.beta.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }];
  });
  assert.deepEqual(w, [
    'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
    'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
    "spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values[0]: -x is invalid, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    'spec.template.spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    'spec.template.spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
  ]);
});

test('deprecated annotations and volume sources', () => {
  const w = warn((t) => {
    t.metadata.annotations = { 'scheduler.alpha.kubernetes.io/critical-pod': '' };
    t.spec.volumes = [{ name: 'g', gitRepo: { repository: 'r' } }, { name: 's', storageos: {} }];
  });
  assert.deepEqual(w, [
    'spec.template.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
    'spec.template.spec.volumes[0].gitRepo: deprecated in v1.11, and disabled by default in v1.33+',
    'spec.template.spec.volumes[1].storageOS: deprecated in v1.22, non-functional in v1.25+',
  ]);
});

test('overlapping item paths in configMap and projected volumes', () => {
  const w = warn((t) => {
    t.spec.volumes = [
      { name: 'c', configMap: { name: 'cfg', items: [{ key: 'a', path: 'x' }, { key: 'b', path: 'x/y/' }] } },
      { name: 'p', projected: { sources: [{}, { secret: { name: 's', items: [{ key: 'k', path: 'tok' }] } }, { serviceAccountToken: { path: 'tok' } }] } },
    ];
  });
  assert.deepEqual(w, [
    'volume "c" (ConfigMap "cfg"): overlapping paths: "x/y" with "x"',
    'volume "p" (Projected) has no sources provided',
    'volume "p" (Projected): overlapping paths: "tok" (ServiceAccountToken) with "tok" (Secret "s")',
  ]);
});

test('duplicate host alias IPs, duplicate and empty pull secret names', () => {
  const w = warn((t) => {
    t.spec.hostAliases = [{ ip: '10.0.0.1' }, { ip: '10.0.0.1' }];
    t.spec.imagePullSecrets = [{ name: 'r' }, { name: 'r' }, { name: '' }];
  });
  assert.deepEqual(w, [
    'spec.template.spec.hostAliases[1].ip: duplicate ip "10.0.0.1"',
    'spec.template.spec.imagePullSecrets[1].name: duplicate name "r"',
    'spec.template.spec.imagePullSecrets[2].name: invalid empty name ""',
  ]);
});

test('fractional byte quantities and seccomp annotations without fields', () => {
  const w = warn((t) => {
    t.metadata.annotations = { 'container.seccomp.security.alpha.kubernetes.io/pi': 'runtime/default' };
    ctr(t).resources = { limits: { memory: '1.5' }, requests: { 'ephemeral-storage': '100m' } };
  });
  assert.deepEqual(w, [
    'spec.template.metadata.annotations[container.seccomp.security.alpha.kubernetes.io/pi]: non-functional in v1.27+; use the "seccompProfile" field instead',
    'spec.template.spec.containers[0].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer',
    'spec.template.spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "100m" is invalid, must be an integer',
  ]);
});

test('apparmor annotation without a matching field', () => {
  const w = warn((t) => (t.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/pi': 'runtime/default' }));
  assert.deepEqual(w, [
    'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/pi]: deprecated since v1.30; use the "appArmorProfile" field instead',
  ]);
  const matched = warn((t) => {
    t.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/pi': 'runtime/default' };
    t.spec.securityContext = { appArmorProfile: { type: 'RuntimeDefault' } };
  });
  assert.deepEqual(matched, []);
});

test('env entries hiding earlier ones', () => {
  const w = warn((t) => (ctr(t).env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }, { name: 'A', value: 'x$(A)' }]));
  assert.deepEqual(w, ['spec.template.spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply']);
});

test('port definitions: hostIP without hostPort, duplicates, overlaps, names', () => {
  const w = warn((t) => {
    ctr(t).ports = [
      { name: 'http', containerPort: 80, protocol: 'TCP' },
      { name: 'http', containerPort: 80, protocol: 'TCP', hostIP: '1.2.3.4' },
    ];
  });
  assert.deepEqual(w, [
    'spec.template.spec.containers[0].ports[1]: hostIP set without hostPort: {Name:http HostPort:0 ContainerPort:80 Protocol:TCP HostIP:1.2.3.4}',
    'spec.template.spec.containers[0].ports[1]: overlapping port definition with spec.template.spec.containers[0].ports[0]',
    'spec.template.spec.containers[0].ports[1]: duplicate port name "http" with spec.template.spec.containers[0].ports[0], services and probes that select ports by name will use spec.template.spec.containers[0].ports[0]',
  ]);
});

test('negative grace period, null affinity selectors, non-standard IPs', () => {
  const w = warn((t) => {
    t.spec.terminationGracePeriodSeconds = -1;
    t.spec.affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'k' } }] } };
    t.spec.dnsConfig = { nameservers: ['010.0.0.1'] };
  });
  assert.deepEqual(w, [
    'spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    'spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod',
    'spec.template.spec.dnsConfig.nameservers[0]: non-standard IP address "010.0.0.1" is invalid: use "10.0.0.1"',
  ]);
});

test('fractional storage in ephemeral volume claim templates', () => {
  const w = warn((t) => (t.spec.volumes = [{ name: 'e', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1.5' } } } } } }]));
  assert.deepEqual(w, [
    'spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer',
  ]);
});

test('label keys named like Object.prototype members are not deprecated node labels', () => {
  const w = warn((t) => {
    t.spec.nodeSelector = { constructor: 'x', toString: 'y' };
    t.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'constructor', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} }];
  });
  assert.deepEqual(w, []);
});

test('fractional memory and ephemeral-storage: limits then requests, memory first, as upstream orders them', () => {
  const w = warn((t) => {
    t.spec.containers[0].resources = {
      requests: { memory: '1.5', 'ephemeral-storage': '0.5' },
      limits: { memory: '2.5', 'ephemeral-storage': '1.5' },
    };
  });
  assert.deepEqual(w, [
    'spec.template.spec.containers[0].resources.limits[memory]: fractional byte value "2500m" is invalid, must be an integer',
    'spec.template.spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer',
    'spec.template.spec.containers[0].resources.limits[ephemeral-storage]: fractional byte value "1500m" is invalid, must be an integer',
    'spec.template.spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "500m" is invalid, must be an integer',
  ]);
});
