// When to create a CA, when to issue a serving certificate, which CAs stay trusted. Pure: the facts
// come in (certificates already parsed, the clock as a value), a plan goes out; manager.ts does the I/O.
//
// The order that keeps every admission request working through a CA change:
//   1. a new CA is created and published in caBundle *next to* the old one;
//   2. only once the API server has had `propagation` to pick up that bundle is a serving certificate
//      signed by the new CA issued (the old serving certificate, signed by the old CA, keeps working);
//   3. the old CA leaves the bundle when it expires, by which time nothing it signed is valid.
// A CA is replaced early enough that a full-length serving certificate still fits inside it, so a
// serving certificate never outlives the CA that signed it.
import { coversNames, signedBy, type CertificateFacts } from './pem.ts';

export interface RotationPolicy {
  caLifetimeMs: number;
  leafLifetimeMs: number;
  /** Fraction of a certificate's lifetime, in (0, 1), left when it is renewed. */
  renewBefore: number;
  /** Time between publishing a new CA in caBundle and serving a certificate it signed. */
  propagationMs: number;
  /** Upper bound between two checks, so drift (a hand-edited Secret or caBundle) is repaired. */
  maxCheckIntervalMs: number;
}

export interface RotationFacts {
  now: Date;
  /** The signing CA, if its certificate parses; keyOk says its private key matches it. */
  ca?: { cert: CertificateFacts; keyOk: boolean; publishedAt?: Date };
  /** The CA certificates currently trusted (the caBundle we published). */
  trusted: CertificateFacts[];
  leaf?: { cert: CertificateFacts; keyOk: boolean };
  dnsNames: string[];
  ipAddresses: string[];
}

export interface RotationPlan {
  createCa: boolean;
  /** Issue a serving certificate from the CA that is current after `createCa`. */
  issueLeaf: boolean;
  /** Fingerprints of the existing CAs to keep in the bundle (a newly created CA comes on top). */
  keepTrusted: string[];
  nextCheckAt: Date;
  reasons: string[];
}

const MIN_CHECK_INTERVAL_MS = 1000;

export function policyErrors(policy: RotationPolicy): string[] {
  const errors: string[] = [];
  if (!(policy.caLifetimeMs > 0)) errors.push('the CA lifetime must be positive');
  if (!(policy.leafLifetimeMs > 0)) errors.push('the serving certificate lifetime must be positive');
  if (!(policy.leafLifetimeMs < policy.caLifetimeMs)) errors.push('the serving certificate lifetime must be shorter than the CA lifetime');
  if (!(policy.renewBefore > 0 && policy.renewBefore < 1)) errors.push('renewBefore must be a fraction between 0 and 1 (exclusive)');
  if (!(policy.propagationMs >= 0)) errors.push('the propagation delay must not be negative');
  if (!(policy.maxCheckIntervalMs > 0)) errors.push('the maximum check interval must be positive');
  return errors;
}

// Renewal points come from the policy's lifetimes, not notAfter - notBefore: issued certificates are
// backdated for clock skew, which would otherwise stretch short lifetimes.
/** When a CA must be replaced: a third (renewBefore) of its life left, or too little for a full leaf. */
function caRenewAt(notAfter: number, policy: RotationPolicy): number {
  return notAfter - Math.max(policy.renewBefore * policy.caLifetimeMs, policy.leafLifetimeMs);
}

function leafRenewAt(cert: CertificateFacts, policy: RotationPolicy): number {
  return cert.notAfter.getTime() - policy.renewBefore * policy.leafLifetimeMs;
}

export function planRotation(facts: RotationFacts, policy: RotationPolicy): RotationPlan {
  const now = facts.now.getTime();
  const reasons: string[] = [];
  const wakeups: number[] = [now + policy.maxCheckIntervalMs];

  const ca = facts.ca;
  let createCa = false;
  if (!ca) {
    createCa = true;
    reasons.push('no CA yet');
  } else if (!ca.keyOk) {
    createCa = true;
    reasons.push('the CA key does not match the CA certificate');
  } else if (now >= ca.cert.notAfter.getTime()) {
    createCa = true;
    reasons.push('the CA expired');
  } else if (now >= caRenewAt(ca.cert.notAfter.getTime(), policy)) {
    createCa = true;
    reasons.push('the CA is due for renewal');
  }
  const currentCa = createCa ? undefined : ca?.cert;

  const keep = new Map<string, CertificateFacts>();
  for (const cert of facts.trusted) {
    if (cert.notAfter.getTime() > now) keep.set(cert.fingerprint, cert);
    else reasons.push(`dropping expired CA ${cert.fingerprint.slice(0, 11)} from the bundle`);
  }
  if (currentCa) keep.set(currentCa.fingerprint, currentCa);
  for (const cert of keep.values()) {
    if (cert !== currentCa) wakeups.push(cert.notAfter.getTime());
  }

  const leaf = facts.leaf;
  const leafWorks =
    leaf !== undefined &&
    leaf.keyOk &&
    now < leaf.cert.notAfter.getTime() &&
    coversNames(leaf.cert, facts.dnsNames, facts.ipAddresses) &&
    [...keep.values()].some((trustedCa) => signedBy(leaf.cert, trustedCa));

  let issueLeaf = false;
  if (!leafWorks) {
    // Nothing is being served successfully, so there is no working state to protect: issue now.
    issueLeaf = true;
    reasons.push(leaf ? 'the serving certificate is unusable (expired, wrong names, untrusted or key mismatch)' : 'no serving certificate yet');
  } else if (createCa) {
    // Step 1 of the CA change: keep serving the old certificate until the new bundle has propagated.
    wakeups.push(now + policy.propagationMs);
  } else {
    const fromCurrentCa = currentCa !== undefined && signedBy(leaf.cert, currentCa);
    const renewAt = leafRenewAt(leaf.cert, policy);
    if (!fromCurrentCa || now >= renewAt) {
      const publishedAt = ca?.publishedAt?.getTime();
      const propagatedAt = publishedAt === undefined ? undefined : publishedAt + policy.propagationMs;
      if (!fromCurrentCa && (propagatedAt === undefined || now < propagatedAt)) {
        reasons.push('waiting for the new CA to propagate before switching the serving certificate');
        wakeups.push(propagatedAt ?? now + policy.propagationMs);
      } else {
        issueLeaf = true;
        reasons.push(fromCurrentCa ? 'the serving certificate is due for renewal' : 'switching the serving certificate to the new CA');
      }
    } else {
      wakeups.push(renewAt);
    }
  }

  if (createCa) wakeups.push(caRenewAt(now + policy.caLifetimeMs, policy));
  else if (currentCa) wakeups.push(caRenewAt(currentCa.notAfter.getTime(), policy));
  if (issueLeaf) wakeups.push(now + policy.leafLifetimeMs * (1 - policy.renewBefore));

  const nextCheckAt = new Date(Math.max(now + MIN_CHECK_INTERVAL_MS, Math.min(...wakeups)));
  return { createCa, issueLeaf, keepTrusted: [...keep.keys()], nextCheckAt, reasons };
}
