import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCertificateAuthority, issueServingCertificate } from '../../../src/certs/authority.ts';
import { coversNames, joinBundle, keyMatches, readCertificate, signedBy, splitBundle } from '../../../src/certs/pem.ts';

describe('pem helpers', async () => {
  const ca = await createCertificateAuthority({ commonName: 'pem-test-ca', days: 2 });
  const leaf = await issueServingCertificate(ca, { dnsNames: ['svc.ns.svc'], ipAddresses: ['127.0.0.1'], days: 1 });

  it('splits and joins bundles, dropping noise between blocks', () => {
    const bundle = joinBundle([ca.certPem, leaf.certPem]);
    assert.equal(splitBundle(`garbage\n${bundle}trailing`).length, 2);
    assert.equal(joinBundle(splitBundle(bundle)), bundle);
    assert.deepEqual(splitBundle(undefined), []);
    assert.equal(joinBundle([]), '');
  });

  it('reads facts and reports malformed input as undefined instead of throwing', () => {
    const facts = readCertificate(leaf.certPem);
    assert.ok(facts);
    assert.ok(facts.notAfter.getTime() > Date.now());
    assert.equal(readCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), undefined);
    assert.equal(readCertificate(''), undefined);
  });

  it('matches keys, issuers and names', () => {
    const caFacts = readCertificate(ca.certPem)!;
    const leafFacts = readCertificate(leaf.certPem)!;
    assert.equal(keyMatches(leafFacts, leaf.keyPem), true);
    assert.equal(keyMatches(leafFacts, ca.keyPem), false);
    assert.equal(keyMatches(leafFacts, 'not a key'), false);
    assert.equal(signedBy(leafFacts, caFacts), true);
    assert.equal(signedBy(caFacts, leafFacts), false);
    assert.equal(coversNames(leafFacts, ['svc.ns.svc'], ['127.0.0.1']), true);
    assert.equal(coversNames(leafFacts, ['other.ns.svc'], []), false);
    assert.equal(coversNames(leafFacts, [], ['10.0.0.1']), false);
  });
});
