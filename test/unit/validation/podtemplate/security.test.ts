import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/field/index.ts';
import { brief, check, ctr } from './fixtures.ts';

const sc = 'spec.template.spec.securityContext';
const csc = 'spec.template.spec.containers[0].securityContext';

test('pod securityContext ids are 0..MaxInt32', () => {
  const errs = check((t) => (t.spec.securityContext = { runAsUser: -1, fsGroup: 2147483648, supplementalGroups: [1, -2] }));
  assert.deepEqual(brief(errs).map((e) => e.field), [`${sc}.fsGroup`, `${sc}.runAsUser`, `${sc}.supplementalGroups[1]`]);
  assert.equal(errs[0].detail, 'must be between 0 and 2147483647, inclusive');
});

test('shareProcessNamespace with hostPID', () => {
  assert.deepEqual(brief(check((t) => Object.assign(t.spec, { hostPID: true, shareProcessNamespace: true }))), [
    { field: `${sc}.shareProcessNamespace`, type: 'FieldValueInvalid', detail: 'ShareProcessNamespace and HostPID cannot both be enabled' },
  ]);
});

test('seccompProfile: type required, Localhost needs a relative profile path', () => {
  const errs = check((t) => {
    t.spec.securityContext = { seccompProfile: { type: 'Localhost' } };
    ctr(t).securityContext = { seccompProfile: {} };
  });
  assert.deepEqual(brief(errs), [
    { field: `${csc}.seccompProfile.type`, type: 'FieldValueRequired', detail: 'type is required when seccompProfile is set' },
    { field: `${sc}.seccompProfile.localhostProfile`, type: 'FieldValueRequired', detail: 'must be set when seccomp type is Localhost' },
  ]);
});

test('appArmorProfile rules', () => {
  const errs = check((t) => (ctr(t).securityContext = { appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'x' } }));
  assert.deepEqual(brief(errs), [
    { field: `${csc}.appArmorProfile.localhostProfile`, type: 'FieldValueInvalid', detail: 'can only be set when AppArmor type is Localhost' },
  ]);
});

test('container securityContext: procMount, privilege escalation conflicts', () => {
  const errs = check((t) => (ctr(t).securityContext = { procMount: 'Unmasked', privileged: true, allowPrivilegeEscalation: false, runAsGroup: -5 }));
  assert.deepEqual(brief(errs), [
    { field: `${csc}.runAsGroup`, type: 'FieldValueInvalid', detail: 'must be between 0 and 2147483647, inclusive' },
    { field: `${csc}.procMount`, type: 'FieldValueInvalid', detail: '`hostUsers` must be false to use `Unmasked`' },
    { field: csc, type: 'FieldValueInvalid', detail: 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true' },
  ]);
});

test('privileged containers can be disallowed by cluster policy', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).securityContext = { privileged: true }), { allowPrivileged: false })), [
    { field: `${csc}.privileged`, type: 'FieldValueForbidden', detail: 'disallowed by cluster policy' },
  ]);
});

test('windows options are forbidden for linux pods', () => {
  const errs = check((t) => {
    t.spec.os = { name: 'linux' };
    ctr(t).securityContext = { windowsOptions: { runAsUserName: 'x' } };
  });
  assert.deepEqual(brief(errs), [
    { field: `${csc}.windowsOptions`, type: 'FieldValueForbidden', detail: 'windows options cannot be set for a linux pod' },
  ]);
});

test('sysctls: name syntax, duplicates, host namespaces', () => {
  const errs = check((t) => {
    t.spec.hostNetwork = true;
    t.spec.securityContext = { sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'Kernel.X', value: '1' }, { name: 'net.core.somaxconn', value: '2' }, { name: '' }] };
  });
  const s = 'spec.template.spec.securityContext.sysctls';
  assert.deepEqual(brief(errs), [
    { field: `${s}[0].name`, type: 'FieldValueInvalid', detail: "may not be specified when 'hostNetwork' is true" },
    {
      field: `${s}[1].name`,
      type: 'FieldValueInvalid',
      detail: 'must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
    },
    { field: `${s}[2].name`, type: 'FieldValueDuplicate', detail: '' },
    { field: `${s}[2].name`, type: 'FieldValueInvalid', detail: "may not be specified when 'hostNetwork' is true" },
    { field: `${s}[3].name`, type: 'FieldValueRequired', detail: '' },
  ]);
  assert.deepEqual(brief(check((t) => {
    t.spec.hostIPC = true;
    t.spec.securityContext = { sysctls: [{ name: 'kernel/shm_rmid_forced', value: '1' }] };
  })).map((e) => e.detail), ["may not be specified when 'hostIPC' is true"]);
});

test('seLinuxChangePolicy: only Recursive unless the old object used the field', () => {
  assert.deepEqual(brief(check((t) => (t.spec.securityContext = { seLinuxChangePolicy: 'MountOption' }))), [
    { field: `${sc}.seLinuxChangePolicy`, type: 'FieldValueNotSupported', detail: 'supported values: "Recursive"' },
  ]);
  assert.deepEqual(check((t) => (t.spec.securityContext = { seLinuxChangePolicy: 'MountOption' }), { onlyRecursiveSELinuxChangePolicy: false }), []);
});

test('windows pods may not set Linux-only security fields', () => {
  const errs = check((t) => {
    t.spec.os = { name: 'windows' };
    t.spec.hostPID = true;
    t.spec.securityContext = { runAsUser: 1, sysctls: [] };
    ctr(t).securityContext = { capabilities: {}, privileged: false };
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.hostPID', type: 'FieldValueForbidden', detail: 'cannot be set for a windows pod' },
    { field: `${sc}.runAsUser`, type: 'FieldValueForbidden', detail: 'cannot be set for a windows pod' },
    { field: `${csc}.capabilities`, type: 'FieldValueForbidden', detail: 'cannot be set for a windows pod' },
    { field: `${csc}.privileged`, type: 'FieldValueForbidden', detail: 'cannot be set for a windows pod' },
  ]);
});

test('windowsOptions: runAsUserName and gMSA fields', () => {
  const errs = check((t) => {
    t.spec.securityContext = { windowsOptions: { runAsUserName: 'a\\b\\c', gmsaCredentialSpec: '' } };
    ctr(t).securityContext = { windowsOptions: { runAsUserName: '.bad\\us@r' } };
  });
  assert.deepEqual(brief(errs), [
    { field: `${csc}.windowsOptions.runAsUserName`, type: 'FieldValueInvalid', detail: "runAsUserName's Domain doesn't match the NetBios nor the DNS format" },
    { field: `${csc}.windowsOptions.runAsUserName`, type: 'FieldValueInvalid', detail: `runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]` },
    { field: `${sc}.windowsOptions.gmsaCredentialSpec`, type: 'FieldValueInvalid', detail: 'gmsaCredentialSpec cannot be an empty string' },
    { field: `${sc}.windowsOptions.runAsUserName`, type: 'FieldValueInvalid', detail: 'runAsUserName cannot contain more than one backslash' },
  ]);
});

test('hostProcess pods: all containers, hostNetwork, consistent values', () => {
  const errs = check((t) => {
    t.spec.securityContext = { windowsOptions: { hostProcess: true } };
    ctr(t).securityContext = { windowsOptions: { hostProcess: false } };
    t.spec.containers.push({ name: 'b', image: 'x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' });
  });
  assert.deepEqual(brief(errs), [
    {
      field: 'spec.template.spec.containers[0].securityContext.windowsOptions.hostProcess',
      type: 'FieldValueInvalid',
      detail: 'pod hostProcess value must be identical if both are specified, was true',
    },
    { field: 'spec.template.spec', type: 'FieldValueInvalid', detail: 'If pod contains any hostProcess containers then all containers must be HostProcess containers' },
    { field: 'spec.template.spec.hostNetwork', type: 'FieldValueInvalid', detail: 'hostNetwork must be true if pod contains any hostProcess containers' },
  ]);
});

test('struct bad values render with Go field names, as the internal types print', () => {
  const errs = check((t) => (ctr(t).securityContext = { privileged: true, allowPrivilegeEscalation: false }));
  assert.equal(
    errorString(errs[0]),
    'spec.template.spec.containers[0].securityContext: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
  );
});
