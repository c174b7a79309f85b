import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createCertificateAuthority, issueServingCertificate, type PemPair } from '../../../src/certs/authority.ts';
import { keyMatches, readCertificate, type CertificateFacts } from '../../../src/certs/pem.ts';
import { planRotation, policyErrors, type RotationFacts, type RotationPolicy } from '../../../src/certs/rotation.ts';

const DAY = 24 * 60 * 60 * 1000;
const NAMES = ['batchguard.ns.svc'];
const policy: RotationPolicy = { caLifetimeMs: 100 * DAY, leafLifetimeMs: 30 * DAY, renewBefore: 1 / 3, propagationMs: 120_000, maxCheckIntervalMs: 3600_000 };

function facts(pem: string): CertificateFacts {
  const cert = readCertificate(pem);
  assert.ok(cert);
  return cert;
}

describe('planRotation', () => {
  let oldCa: PemPair;
  let newCa: PemPair;
  let oldLeaf: PemPair;
  let newLeaf: PemPair;
  const start = Date.now();
  const at = (days: number): Date => new Date(start + days * DAY);

  before(async () => {
    [oldCa, newCa] = await Promise.all([
      createCertificateAuthority({ commonName: 'old', days: 100 }),
      createCertificateAuthority({ commonName: 'new', days: 100 }),
    ]);
    [oldLeaf, newLeaf] = await Promise.all([
      issueServingCertificate(oldCa, { dnsNames: NAMES, ipAddresses: [], days: 30 }),
      issueServingCertificate(newCa, { dnsNames: NAMES, ipAddresses: [], days: 30 }),
    ]);
  });

  const state = (now: Date, ca: PemPair | undefined, trusted: PemPair[], leaf: PemPair | undefined, publishedAt?: Date): RotationFacts => ({
    now,
    ca: ca && { cert: facts(ca.certPem), keyOk: keyMatches(facts(ca.certPem), ca.keyPem), publishedAt },
    trusted: trusted.map((p) => facts(p.certPem)),
    leaf: leaf && { cert: facts(leaf.certPem), keyOk: keyMatches(facts(leaf.certPem), leaf.keyPem) },
    dnsNames: NAMES,
    ipAddresses: [],
  });

  it('creates a CA and a serving certificate on first start', () => {
    const plan = planRotation(state(at(0), undefined, [], undefined), policy);
    assert.equal(plan.createCa, true);
    assert.equal(plan.issueLeaf, true);
    assert.deepEqual(plan.keepTrusted, []);
  });

  it('does nothing while both are fresh and wakes up at the serving certificate renewal time', () => {
    const plan = planRotation(state(at(1), oldCa, [oldCa], oldLeaf), policy);
    assert.equal(plan.createCa, false);
    assert.equal(plan.issueLeaf, false);
    assert.deepEqual(plan.keepTrusted, [facts(oldCa.certPem).fingerprint]);
    // 30-day leaf renewed with a third left: day 20 (the one-hour cap applies first at day 1).
    assert.equal(plan.nextCheckAt.getTime(), at(1).getTime() + policy.maxCheckIntervalMs);
    const late = planRotation(state(at(19.99), oldCa, [oldCa], oldLeaf), policy);
    assert.ok(Math.abs(late.nextCheckAt.getTime() - at(20).getTime()) < 6 * 60_000, late.nextCheckAt.toISOString());
  });

  it('renews the serving certificate when a third of its life is left, keeping the CA', () => {
    const plan = planRotation(state(at(20.1), oldCa, [oldCa], oldLeaf), policy);
    assert.equal(plan.createCa, false);
    assert.equal(plan.issueLeaf, true);
    assert.deepEqual(plan.reasons, ['the serving certificate is due for renewal']);
  });

  it('replaces the CA once a full serving certificate no longer fits in it, without switching the leaf yet', () => {
    // CA renewal point: 100 days - max(33.3, 30) = day 66.7; the old leaf (issued day 0) expired by then,
    // so use the CA check alone first, then a working leaf that the new CA would not have signed.
    const plan = planRotation(state(at(67), oldCa, [oldCa], undefined), policy);
    assert.equal(plan.createCa, true);
    assert.equal(plan.issueLeaf, true, 'nothing works yet, so the leaf is issued at once');
    assert.deepEqual(plan.keepTrusted, [facts(oldCa.certPem).fingerprint], 'the old CA stays trusted during the overlap');
  });

  it('keeps serving the old certificate while a new CA propagates, then switches', () => {
    // A policy whose next leaf (99 days) no longer fits in the 100-day CA after day 1, while the
    // existing 30-day leaf is fine until day 20: at day 2 only the CA is due.
    const step1 = planRotation(state(at(2), oldCa, [oldCa], oldLeaf), { ...policy, leafLifetimeMs: 99 * DAY });
    assert.equal(step1.createCa, true);
    assert.equal(step1.issueLeaf, false, 'the working leaf of the old CA is kept during propagation');
    assert.equal(step1.nextCheckAt.getTime(), at(2).getTime() + policy.propagationMs);

    const waiting = planRotation(state(at(2), newCa, [oldCa, newCa], oldLeaf, at(2)), policy);
    assert.equal(waiting.createCa, false);
    assert.equal(waiting.issueLeaf, false);
    assert.deepEqual(waiting.reasons, ['waiting for the new CA to propagate before switching the serving certificate']);
    assert.equal(waiting.nextCheckAt.getTime(), at(2).getTime() + policy.propagationMs);

    const unknownPublication = planRotation(state(at(2), newCa, [oldCa, newCa], oldLeaf, undefined), policy);
    assert.equal(unknownPublication.issueLeaf, false, 'no recorded publication time means wait');

    const switched = planRotation(state(new Date(at(2).getTime() + policy.propagationMs), newCa, [oldCa, newCa], oldLeaf, at(2)), policy);
    assert.equal(switched.issueLeaf, true);
    assert.deepEqual(switched.reasons, ['switching the serving certificate to the new CA']);
    assert.deepEqual(new Set(switched.keepTrusted), new Set([facts(oldCa.certPem).fingerprint, facts(newCa.certPem).fingerprint]));
  });

  it('drops a CA from the bundle once it has expired and wakes up for that expiry', () => {
    const overlap = planRotation(state(at(1), newCa, [oldCa, newCa], newLeaf, at(0)), policy);
    assert.equal(overlap.keepTrusted.length, 2);
    const afterExpiry = planRotation(state(at(101), newCa, [oldCa, newCa], newLeaf, at(0)), policy);
    assert.ok(!afterExpiry.keepTrusted.includes(facts(oldCa.certPem).fingerprint));
  });

  it('re-issues a serving certificate with a mismatched key, wrong names or an untrusted issuer', () => {
    const mismatched = { certPem: oldLeaf.certPem, keyPem: newLeaf.keyPem };
    assert.equal(planRotation(state(at(1), oldCa, [oldCa], mismatched), policy).issueLeaf, true);
    const otherNames = planRotation({ ...state(at(1), oldCa, [oldCa], oldLeaf), dnsNames: ['other.ns.svc'] }, policy);
    assert.equal(otherNames.issueLeaf, true);
    const untrusted = planRotation(state(at(1), oldCa, [oldCa], newLeaf), policy);
    assert.equal(untrusted.issueLeaf, true, 'a leaf whose CA is not in the bundle fails every handshake');
  });

  it('replaces a CA whose key does not match and an expired CA', () => {
    assert.equal(planRotation(state(at(1), { certPem: oldCa.certPem, keyPem: newCa.keyPem }, [oldCa], oldLeaf), policy).createCa, true);
    assert.equal(planRotation(state(at(101), oldCa, [oldCa], undefined), policy).createCa, true);
  });

  it('never sleeps less than a second', () => {
    const plan = planRotation(state(at(0), undefined, [], undefined), { ...policy, propagationMs: 0 });
    assert.ok(plan.nextCheckAt.getTime() >= at(0).getTime() + 1000);
  });
});

describe('policyErrors', () => {
  it('accepts the defaults and rejects impossible settings readably', () => {
    assert.deepEqual(policyErrors(policy), []);
    assert.deepEqual(policyErrors({ ...policy, leafLifetimeMs: policy.caLifetimeMs }), ['the serving certificate lifetime must be shorter than the CA lifetime']);
    assert.deepEqual(policyErrors({ ...policy, renewBefore: 1 }), ['renewBefore must be a fraction between 0 and 1 (exclusive)']);
    assert.deepEqual(policyErrors({ ...policy, caLifetimeMs: Number.NaN }).slice(0, 1), ['the CA lifetime must be positive']);
  });
});
