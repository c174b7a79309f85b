import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJsonContentType } from '../../../src/server/body.ts';

test('application/json with or without parameters is JSON; anything else is not', () => {
  assert.ok(isJsonContentType('application/json'));
  assert.ok(isJsonContentType('application/json; charset=utf-8'));
  assert.ok(isJsonContentType('Application/JSON'));
  assert.ok(!isJsonContentType(undefined));
  assert.ok(!isJsonContentType('text/plain'));
  assert.ok(!isJsonContentType('application/jsonx'));
  assert.ok(!isJsonContentType('application/yaml'));
});
