import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, root } from '../../../src/field/index.ts';
import { isValidTimeZone, loadLocationError, validateTimeZone } from '../../../src/validation/timezone.ts';
import zones from '../../../src/validation/timezones.json' with { type: 'json' };

const path = root('spec', 'timeZone');
const details = (tz: unknown) => validateTimeZone(tz, path).map((e) => `${e.type} ${e.detail}`);

test('the generated database is Go 1.26 embedded tzdata plus the system names', () => {
  assert.match(zones.go, /^go1\.26/);
  assert.ok(zones.embedded.length > 590, `embedded: ${zones.embedded.length}`);
  for (const name of zones.embedded) assert.ok(isValidTimeZone(name), name);
  for (const name of zones.system) assert.ok(isValidTimeZone(name), name);
});

test('isValidTimeZone is exact and case-sensitive', () => {
  for (const ok of ['UTC', 'America/New_York', 'US/Pacific', 'Etc/GMT+10', 'America/Argentina/ComodRivadavia', 'Europe/Kyiv', 'posix/Europe/Berlin']) {
    assert.equal(isValidTimeZone(ok), true, ok);
  }
  for (const bad of ['utc', 'america/new_york', 'Local', '', 'Europe/Rome ', 'America', 'Mars/Olympus', 'zone.tab']) {
    assert.equal(isValidTimeZone(bad), false, bad);
  }
});

test('validateTimeZone: null is fine, valid names pass', () => {
  assert.deepEqual(details(undefined), []);
  assert.deepEqual(details(null), []);
  assert.deepEqual(details('UTC'), []);
  assert.deepEqual(details('Asia/Tokyo'), []);
});

test('validateTimeZone: the API server messages, in order', () => {
  assert.deepEqual(details(''), ['FieldValueInvalid timeZone must be nil or non-empty string']);
  assert.deepEqual(details('Europe/InvalidRome'), ['FieldValueInvalid unknown time zone Europe/InvalidRome']);
  assert.deepEqual(details('../etc/passwd'), ['FieldValueInvalid unknown time zone ../etc/passwd']);
  assert.deepEqual(details('America/Argentina_Buenos_Aires_X'), ['FieldValueInvalid unknown time zone America/Argentina_Buenos_Aires_X']);
  assert.deepEqual(details('-UTC'), ['FieldValueInvalid unknown time zone -UTC']);
  assert.deepEqual(details('utc'), ['FieldValueInvalid unknown time zone utc']);
  // Local is loadable for Go but forbidden; other spellings fail both checks.
  assert.deepEqual(details('Local'), ['FieldValueInvalid timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']);
  assert.deepEqual(details('LOCAL'), [
    'FieldValueInvalid timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    'FieldValueInvalid unknown time zone LOCAL',
  ]);
  // A directory of the system database: Go's read error, verbatim.
  assert.deepEqual(details('America'), ['FieldValueInvalid is a directory']);
  const [e] = validateTimeZone('Europe/Rome ', path);
  assert.equal(e.field, 'spec.timeZone');
  assert.equal(JSON.stringify(e.badValue), '"Europe/Rome "');
  // The value is a *string upstream, printed as JSON (HTML-escaped), not %q.
  assert.equal(errorString(validateTimeZone('a<b', path)[0]), 'spec.timeZone: Invalid value: "a\\u003cb": unknown time zone a<b');
});

test('loadLocationError follows time.LoadLocation', () => {
  assert.equal(loadLocationError(''), undefined);
  assert.equal(loadLocationError('Local'), undefined);
  assert.equal(loadLocationError('../x'), 'time: invalid location name');
  assert.equal(loadLocationError('/UTC'), 'time: invalid location name');
  assert.equal(loadLocationError('UTC/'), 'not a directory');
  assert.equal(loadLocationError('America//New_York'), undefined);
  assert.equal(loadLocationError('zone.tab'), 'malformed time zone information');
  assert.equal(loadLocationError('Nope'), 'unknown time zone Nope');
});
