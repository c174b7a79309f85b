import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, root, type ErrorList } from '../../../../src/field/index.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../../src/validation/meta/index.ts';

const md = root('metadata');
const brief = (errs: ErrorList) => errs.map((e) => ({ field: e.field, type: e.type, detail: e.detail }));
const create = (meta: unknown, namespaced = true) => validateObjectMeta(meta, md, { namespaced });
const valid = { name: 'pi', namespace: 'default' };

test('a plain namespaced name and namespace pass', () => {
  assert.deepEqual(create(valid), []);
});

test('name is required when empty', () => {
  assert.deepEqual(brief(create({ namespace: 'default' })), [
    { field: 'metadata.name', type: 'FieldValueRequired', detail: 'name or generateName is required' },
  ]);
});

test('name must be a DNS-1123 subdomain; over 253 says "characters" (util/validation wording in 1.36)', () => {
  const errs = create({ name: 'x'.repeat(254), namespace: 'default' });
  assert.deepEqual(brief(errs), [{ field: 'metadata.name', type: 'FieldValueInvalid', detail: 'must be no more than 253 characters' }]);
  const upper = create({ name: 'MyJob', namespace: 'default' });
  assert.equal(
    errorString(upper[0]),
    `metadata.name: Invalid value: "MyJob": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  );
});

test('generateName is checked with a trailing dash masked (upstream drops two characters)', () => {
  assert.deepEqual(create({ generateName: 'pi-', name: 'pi-abcde', namespace: 'default' }), []);
  const errs = create({ generateName: 'Pi-', name: 'pi-x', namespace: 'default' });
  assert.equal(errs.length, 1);
  assert.equal(errs[0].field, 'metadata.generateName');
  assert.equal(errs[0].badValue, 'Pi-');
});

test('namespace: required when namespaced, DNS label, forbidden when cluster-scoped', () => {
  assert.deepEqual(brief(create({ name: 'pi' })), [{ field: 'metadata.namespace', type: 'FieldValueRequired', detail: '' }]);
  assert.deepEqual(brief(create({ name: 'pi', namespace: 'a.b' })), [
    { field: 'metadata.namespace', type: 'FieldValueInvalid', detail: 'must not contain dots' },
  ]);
  assert.deepEqual(brief(create({ name: 'pi', namespace: 'x' }, false)), [
    { field: 'metadata.namespace', type: 'FieldValueForbidden', detail: 'not allowed on this type' },
  ]);
});

test('generation must not be negative', () => {
  assert.deepEqual(brief(create({ ...valid, generation: -1 })), [
    { field: 'metadata.generation', type: 'FieldValueInvalid', detail: 'must be greater than or equal to 0' },
  ]);
});

test('ownerReferences: empty fields, Event owners and two controllers', () => {
  const errs = create({
    ...valid,
    ownerReferences: [
      { apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' },
      { apiVersion: '', kind: '', name: '', uid: '', controller: true },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r', uid: 'u2', controller: true },
    ],
  });
  assert.deepEqual(brief(errs), [
    { field: 'metadata.ownerReferences', type: 'FieldValueInvalid', detail: '/v1, Kind=Event is disallowed from being an owner' },
    { field: 'metadata.ownerReferences.apiVersion', type: 'FieldValueInvalid', detail: 'version must not be empty' },
    { field: 'metadata.ownerReferences.kind', type: 'FieldValueInvalid', detail: 'must not be empty' },
    { field: 'metadata.ownerReferences.name', type: 'FieldValueInvalid', detail: 'must not be empty' },
    { field: 'metadata.ownerReferences.uid', type: 'FieldValueInvalid', detail: 'must not be empty' },
    {
      field: 'metadata.ownerReferences',
      type: 'FieldValueInvalid',
      detail: 'Only one reference can have Controller set to true. Found "true" in references for / and ReplicaSet/r',
    },
  ]);
});

test('finalizers: qualified names, orphan+foregroundDeletion conflict, standard or fully qualified', () => {
  const errs = create({ ...valid, finalizers: ['orphan', 'foregroundDeletion', 'custom', 'a/b/c'] });
  assert.deepEqual(
    brief(errs).map((e) => [e.field, e.detail.slice(0, 40)]),
    [
      ['metadata.finalizers', 'a valid label key must consist of alphan'],
      ['metadata.finalizers', 'finalizer orphan and foregroundDeletion '],
      ['metadata.finalizers[2]', 'name is neither a standard finalizer nam'],
    ],
  );
});

test('managedFields: operation, fieldsType, manager length and printable characters', () => {
  const errs = create({
    ...valid,
    managedFields: [{ operation: 'Patch', fieldsType: 'FieldsV2', manager: 'm'.repeat(129) }, { operation: 'Apply', manager: 'a\u0007' }],
  });
  assert.deepEqual(brief(errs), [
    { field: 'metadata.managedFields[0].operation', type: 'FieldValueInvalid', detail: 'must be `Apply` or `Update`' },
    { field: 'metadata.managedFields[0].fieldsType', type: 'FieldValueInvalid', detail: 'must be `FieldsV1`' },
    { field: 'metadata.managedFields[0].manager', type: 'FieldValueTooLong', detail: 'may not be more than 128 bytes' },
    { field: 'metadata.managedFields[1].manager', type: 'FieldValueInvalid', detail: 'invalid character U+0007 (at position 1)' },
  ]);
});

test('update: resourceVersion required, generation not decremented, identity fields immutable', () => {
  const old = { name: 'pi', namespace: 'default', uid: 'u1', generation: 2, creationTimestamp: '2026-01-01T00:00:00Z' };
  const errs = validateObjectMetaUpdate({ name: 'pi2', namespace: 'default', uid: 'u2', generation: 1 }, old, md);
  assert.deepEqual(brief(errs), [
    { field: 'metadata.resourceVersion', type: 'FieldValueInvalid', detail: 'must be specified for an update' },
    { field: 'metadata.generation', type: 'FieldValueInvalid', detail: 'must not be decremented' },
    { field: 'metadata.name', type: 'FieldValueInvalid', detail: 'field is immutable' },
    { field: 'metadata.uid', type: 'FieldValueInvalid', detail: 'field is immutable' },
    { field: 'metadata.creationTimestamp', type: 'FieldValueInvalid', detail: 'field is immutable' },
  ]);
  assert.equal(errorString(errs[4]), 'metadata.creationTimestamp: Invalid value: null: field is immutable');
});

test('update: no new finalizers once deletion started', () => {
  const old = { ...valid, resourceVersion: '1', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['a.io/x'] };
  const errs = validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x', 'b.io/z', 'a.io/y'] }, old, md);
  assert.deepEqual(brief(errs), [
    {
      field: 'metadata.finalizers',
      type: 'FieldValueForbidden',
      detail: 'no new finalizers can be added if the object is being deleted, found new finalizers []string{"a.io/y", "b.io/z"}',
    },
  ]);
});

test('odd input never throws', () => {
  for (const meta of [null, undefined, 5, 'x', [], { labels: null, annotations: [], ownerReferences: {}, finalizers: 'x' }]) {
    assert.doesNotThrow(() => create(meta));
    assert.doesNotThrow(() => validateObjectMetaUpdate(meta, meta, md));
  }
});
