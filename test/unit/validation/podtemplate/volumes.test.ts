import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/field/index.ts';
import { brief, check, ctr } from './fixtures.ts';

const v = (i: number) => `spec.template.spec.volumes[${i}]`;
const m0 = 'spec.template.spec.containers[0].volumeMounts';

test('volume names: Required, DNS label, Duplicate; source errors come first', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        { name: '', emptyDir: {} },
        { name: 'Data', secret: {} },
        { name: 'a', emptyDir: {} },
        { name: 'a', emptyDir: {} },
      ]),
  );
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 30)]), [
    [`${v(0)}.name`, 'FieldValueRequired', ''],
    [`${v(1)}.secret.secretName`, 'FieldValueRequired', ''],
    [`${v(1)}.name`, 'FieldValueInvalid', 'a lowercase RFC 1123 label mus'],
    [`${v(3)}.name`, 'FieldValueDuplicate', ''],
  ]);
});

test('exactly one volume source', () => {
  assert.deepEqual(brief(check((t) => (t.spec.volumes = [{ name: 'a' }]))), [
    { field: v(0), type: 'FieldValueRequired', detail: 'must specify a volume type' },
  ]);
  assert.deepEqual(brief(check((t) => (t.spec.volumes = [{ name: 'a', emptyDir: {}, downwardAPI: {}, cephfs: { monitors: ['m'] } }]))), [
    { field: `${v(0)}.cephFS`, type: 'FieldValueForbidden', detail: 'may not specify more than 1 volume type' },
    { field: `${v(0)}.downwarAPI`, type: 'FieldValueForbidden', detail: 'may not specify more than 1 volume type' },
  ]);
});

test('secret/configMap: name required, file modes, item paths', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        { name: 'a', configMap: { name: '', defaultMode: 1000, items: [{ key: '', path: '/abs' }, { key: 'k', path: '..x', mode: -1 }] } },
      ]),
  );
  assert.deepEqual(brief(errs), [
    { field: `${v(0)}.configMap.name`, type: 'FieldValueRequired', detail: '' },
    { field: `${v(0)}.configMap.defaultMode`, type: 'FieldValueInvalid', detail: 'must be a number between 0 and 0777 (octal), both inclusive' },
    { field: `${v(0)}.configMap.items[0].key`, type: 'FieldValueRequired', detail: '' },
    { field: `${v(0)}.configMap.items[0].path`, type: 'FieldValueInvalid', detail: 'must be a relative path' },
    { field: `${v(0)}.configMap.items[1].path`, type: 'FieldValueInvalid', detail: "must not start with '..'" },
    { field: `${v(0)}.configMap.items[1].mode`, type: 'FieldValueInvalid', detail: 'must be a number between 0 and 0777 (octal), both inclusive' },
  ]);
});

test('hostPath, nfs, persistentVolumeClaim, emptyDir sizeLimit', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        { name: 'a', hostPath: { path: '/x/../y', type: 'Weird' } },
        { name: 'b', nfs: { server: '', path: 'rel' } },
        { name: 'c', persistentVolumeClaim: { claimName: '' } },
        { name: 'd', emptyDir: { sizeLimit: '-1Gi' } },
      ]),
  );
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 40)]), [
    [`${v(0)}.hostPath.path`, 'FieldValueInvalid', "must not contain '..'"],
    [`${v(0)}.hostPath.type`, 'FieldValueNotSupported', 'supported values: "", "BlockDevice", "Ch'],
    [`${v(1)}.nfs.server`, 'FieldValueRequired', ''],
    [`${v(1)}.nfs.path`, 'FieldValueInvalid', 'must be an absolute path'],
    [`${v(2)}.persistentVolumeClaim.claimName`, 'FieldValueRequired', ''],
    [`${v(3)}.emptyDir.sizeLimit`, 'FieldValueForbidden', 'SizeLimit field must be a valid resource'],
  ]);
});

test('downwardAPI items are checked at the source path, with field paths for volumes', () => {
  const errs = check((t) => (t.spec.volumes = [{ name: 'a', downwardAPI: { items: [{ path: 'x', fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } }, { path: 'y' }] } }]));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 40)]), [
    [`${v(0)}.downwardAPI.fieldRef.fieldPath`, 'FieldValueNotSupported', 'supported values: "metadata.annotations"'],
    [`${v(0)}.downwardAPI`, 'FieldValueRequired', 'one of fieldRef and resourceFieldRef is '],
  ]);
});

test('csi driver name and ephemeral claim template', () => {
  const errs = check((t) => (t.spec.volumes = [{ name: 'a', csi: { driver: 'Bad_Driver' } }, { name: 'b', ephemeral: {} }]));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type]), [
    [`${v(0)}.csi.driver`, 'FieldValueInvalid'],
    [`${v(1)}.ephemeral.volumeClaimTemplate`, 'FieldValueRequired'],
  ]);
});

test('volumeMounts: name must reference a valid volume, mountPath required and unique', () => {
  const errs = check((t) => {
    t.spec.volumes = [{ name: 'data', emptyDir: {} }, { name: 'Bad', emptyDir: {} }];
    ctr(t).volumeMounts = [{ name: 'data', mountPath: '/d' }, { name: 'Bad', mountPath: '/d' }, { name: '', mountPath: '' }];
  });
  assert.deepEqual(brief(errs).slice(1), [
    { field: `${m0}[1].name`, type: 'FieldValueNotFound', detail: '' },
    { field: `${m0}[1].mountPath`, type: 'FieldValueInvalid', detail: 'must be unique' },
    { field: `${m0}[2].name`, type: 'FieldValueRequired', detail: '' },
    { field: `${m0}[2].name`, type: 'FieldValueNotFound', detail: '' },
    { field: `${m0}[2].mountPath`, type: 'FieldValueRequired', detail: '' },
  ]);
});

test('volumeMounts: subPath problems sit on the list path (upstream quirk); propagation needs privilege', () => {
  const errs = check((t) => {
    t.spec.volumes = [{ name: 'data', emptyDir: {} }];
    ctr(t).volumeMounts = [{ name: 'data', mountPath: '/d', subPath: '/abs', subPathExpr: 'x', mountPropagation: 'Bidirectional' }];
  });
  assert.deepEqual(brief(errs), [
    { field: `${m0}.subPath`, type: 'FieldValueInvalid', detail: 'must be a relative path' },
    { field: `${m0}[0].subPathExpr`, type: 'FieldValueInvalid', detail: 'subPathExpr and subPath are mutually exclusive' },
    { field: `${m0}.mountPropagation`, type: 'FieldValueForbidden', detail: 'Bidirectional mount propagation is available only to privileged containers' },
  ]);
});

test('recursiveReadOnly needs readOnly', () => {
  const errs = check((t) => {
    t.spec.volumes = [{ name: 'data', emptyDir: {} }];
    ctr(t).volumeMounts = [{ name: 'data', mountPath: '/d', recursiveReadOnly: 'Enabled' }];
  });
  assert.deepEqual(brief(errs), [{ field: `${m0}.recursiveReadOnly`, type: 'FieldValueForbidden', detail: 'may only be specified when readOnly is true' }]);
});

test('volumeDevices need a PVC-backed volume and must not clash with mounts', () => {
  const errs = check((t) => {
    t.spec.volumes = [{ name: 'data', emptyDir: {} }];
    ctr(t).volumeMounts = [{ name: 'data', mountPath: '/d' }];
    ctr(t).volumeDevices = [{ name: 'data', devicePath: '/d' }];
  });
  assert.deepEqual(brief(errs).map((e) => [e.field, e.detail]), [
    [`${m0}[0].name`, 'must not already exist in volumeDevices'],
    [`${m0}[0].mountPath`, 'must not already exist as a path in volumeDevices'],
    ['spec.template.spec.containers[0].volumeDevices[0].name', 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'],
    ['spec.template.spec.containers[0].volumeDevices[0].name', 'must not already exist in volumeMounts'],
    ['spec.template.spec.containers[0].volumeDevices[0].devicePath', 'must not already exist as a path in volumeMounts'],
  ]);
});

test('projected volumes: per-source checks, token lifetime and path, duplicate paths, one kind per source', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        {
          name: 'p',
          projected: {
            defaultMode: 420,
            sources: [
              { secret: { name: '', items: [{ key: 'a', path: 'x' }] } },
              { configMap: { name: 'c', items: [{ key: 'b', path: 'x' }] }, serviceAccountToken: { expirationSeconds: 60, path: '/abs' } },
              { podCertificate: { keyType: 'DSA' } },
            ],
          },
        },
      ]),
  );
  const p = 'spec.template.spec.volumes[0].projected';
  assert.deepEqual(brief(errs), [
    { field: `${p}.sources[0].secret.name`, type: 'FieldValueRequired', detail: '' },
    { field: p, type: 'FieldValueInvalid', detail: 'conflicting duplicate paths' },
    { field: `${p}.sources[1].serviceAccountToken.expirationSeconds`, type: 'FieldValueInvalid', detail: 'may not specify a duration less than 10 minutes' },
    { field: `${p}.path`, type: 'FieldValueInvalid', detail: 'must be a relative path' },
    { field: `${p}.sources[1]`, type: 'FieldValueForbidden', detail: 'may not specify more than 1 volume type per source' },
    { field: `${p}.sources[2].podCertificate.signerName`, type: 'FieldValueRequired', detail: '' },
    {
      field: `${p}.sources[2].podCertificate.keyType`,
      type: 'FieldValueNotSupported',
      detail: 'supported values: "RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"',
    },
    {
      field: `${p}.sources[2].podCertificate`,
      type: 'FieldValueRequired',
      detail: 'specify at least one of credentialBundlePath, keyPath, and certificateChainPath',
    },
  ]);
  assert.deepEqual(check((t) => (t.spec.volumes = [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3600, path: 'token' } }] } }])), []);
});

test('ephemeral volume claim templates: metadata limited, access modes, storage request', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        {
          name: 'scratch',
          ephemeral: {
            volumeClaimTemplate: {
              metadata: { name: 'x', labels: { a: 'b' } },
              spec: { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'Sometimes'], resources: { requests: { storage: '0' } }, volumeMode: 'Filesystem' },
            },
          },
        },
      ]),
  );
  const s = 'spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate';
  assert.deepEqual(brief(errs), [
    { field: `${s}.metadata.name`, type: 'FieldValueForbidden', detail: 'cannot be set' },
    {
      field: `${s}.spec.accessModes`,
      type: 'FieldValueNotSupported',
      detail: 'supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    },
    { field: `${s}.spec.accessModes`, type: 'FieldValueForbidden', detail: 'may not use ReadWriteOncePod with other access modes' },
    { field: `${s}.spec.resources[storage]`, type: 'FieldValueInvalid', detail: 'must be greater than zero' },
  ]);
  const ok = check((t) => (t.spec.volumes = [{ name: 's', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }]));
  assert.deepEqual(ok, []);
  const missing = check((t) => (t.spec.volumes = [{ name: 's', ephemeral: { volumeClaimTemplate: { spec: {} } } }]));
  assert.deepEqual(brief(missing).map((e) => e.field), [`spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes`, `spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]`]);
});

test('in-tree driver sources keep their required fields', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        { name: 'g', gcePersistentDisk: { pdName: '', partition: 300 } },
        { name: 's', storageos: {} },
        { name: 'q', quobyte: { registry: 'r', volume: 'v' } },
        { name: 'f', flocker: {} },
      ]),
  );
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.volumes[0].persistentDisk.pdName', type: 'FieldValueRequired', detail: '' },
    { field: 'spec.template.spec.volumes[0].persistentDisk.partition', type: 'FieldValueInvalid', detail: 'must be between 1 and 255, inclusive' },
    { field: 'spec.template.spec.volumes[1].storageos.volumeName', type: 'FieldValueRequired', detail: '' },
    { field: 'spec.template.spec.volumes[2].quobyte.registry', type: 'FieldValueInvalid', detail: 'must be a host:port pair or multiple pairs separated by commas' },
    { field: 'spec.template.spec.volumes[3].flocker', type: 'FieldValueRequired', detail: 'one of datasetName and datasetUUID is required' },
  ]);
});

test('projected podCertificate and clusterTrustBundle signer names', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        { name: 'p', projected: { sources: [{ podCertificate: { signerName: 'nodomain/x', keyType: 'ED25519', keyPath: 'k' } }, { clusterTrustBundle: { signerName: 'a.io/b/c', path: 'b' } }] } },
      ]),
  );
  const p = 'spec.template.spec.volumes[0].projected.sources';
  assert.deepEqual(brief(errs), [
    { field: `${p}[0].podCertificate.signerName`, type: 'FieldValueInvalid', detail: 'should be a domain with at least two segments separated by dots' },
    {
      field: `${p}[1].clusterTrustBundle.signerName`,
      type: 'FieldValueInvalid',
      detail: "must be a fully qualified domain and path of the form 'example.com/signer-name'",
    },
  ]);
});

test('iscsi: IQN/EUI/NAA formats, LUN range, name length with an initiator', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        { name: 'b', iscsi: { targetPortal: 'p', iqn: 'iqn.bad', lun: 300, initiatorName: 'eui.123' } },
        { name: 'c'.repeat(60), iscsi: { targetPortal: 'portal:3260', iqn: 'naa.' + 'a'.repeat(32), initiatorName: 'iqn.2001-04.com.example:x' } },
      ]),
  );
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.volumes[0].iscsi.iqn', type: 'FieldValueInvalid', detail: 'must be valid format' },
    { field: 'spec.template.spec.volumes[0].iscsi.lun', type: 'FieldValueInvalid', detail: 'must be between 0 and 255, inclusive' },
    { field: 'spec.template.spec.volumes[0].iscsi.initiatorname', type: 'FieldValueInvalid', detail: 'must be valid format' },
    {
      field: 'spec.template.spec.volumes[1].name',
      type: 'FieldValueInvalid',
      detail: 'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
    },
  ]);
});

test('ephemeral claim templates: dataSource and dataSourceRef', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        {
          name: 'e',
          ephemeral: {
            volumeClaimTemplate: {
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '1Gi' } },
                dataSource: { kind: 'PersistentVolumeClaim', name: 'a' },
                dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'b' },
              },
            },
          },
        },
      ]),
  );
  assert.deepEqual(errs.map(errorString), [
    'spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec: Invalid value: {}: must match dataSourceRef',
  ]);
});

test('projected clusterTrustBundle names and podCertificate annotations/expiration', () => {
  const errs = check(
    (t) =>
      (t.spec.volumes = [
        {
          name: 'p',
          projected: {
            sources: [
              { clusterTrustBundle: { name: 'x:Y', path: 'a' } },
              { podCertificate: { signerName: 'kubernetes.io/x', keyType: 'ED25519', keyPath: 'k', maxExpirationSeconds: 100000, userAnnotations: { foo: 'y' } } },
            ],
          },
        },
      ]),
  );
  const s = 'spec.template.spec.volumes[0].projected.sources';
  assert.deepEqual(brief(errs), [
    {
      field: `${s}[0].clusterTrustBundle.name`,
      type: 'FieldValueInvalid',
      detail: 'not a valid clustertrustbundlename: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    },
    { field: `${s}[1].podCertificate.userAnnotations`, type: 'FieldValueInvalid', detail: 'must be a domain-prefixed key (such as "acme.io/foo")' },
    { field: `${s}[1].podCertificate.maxExpirationSeconds`, type: 'FieldValueInvalid', detail: 'if provided, maxExpirationSeconds must be <= 86400' },
  ]);
});
