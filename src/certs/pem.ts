// Facts read out of PEM text with Node's X509Certificate: what the rotation decisions need, nothing
// more. Pure (no I/O); malformed input yields undefined rather than an exception, because a Secret
// edited by hand or half-written by a crashed leader must lead to re-issuing, not to a crash loop.
import { createPrivateKey, X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface CertificateFacts {
  /** SHA-256 fingerprint of the DER, the identity used to compare CAs across Secrets. */
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  pem: string;
  x509: X509Certificate;
}

/** Every certificate of a PEM bundle, in order; unparsable blocks are dropped. */
export function splitBundle(bundlePem: string | undefined): string[] {
  return (bundlePem ?? '').match(PEM_CERTIFICATE)?.map((pem) => `${pem}\n`) ?? [];
}

export function joinBundle(pems: string[]): string {
  return pems.map((pem) => pem.trim()).join('\n') + (pems.length ? '\n' : '');
}

export function readCertificate(pem: string | undefined): CertificateFacts | undefined {
  if (!pem) return undefined;
  try {
    const x509 = new X509Certificate(pem);
    return {
      fingerprint: x509.fingerprint256,
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
      pem: `${x509.toString().trim()}\n`,
      x509,
    };
  } catch {
    return undefined;
  }
}

export function keyMatches(cert: CertificateFacts, keyPem: string | undefined): boolean {
  if (!keyPem) return false;
  try {
    return cert.x509.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** True when `issuer` signed `cert` (names chain and the signature verifies). */
export function signedBy(cert: CertificateFacts, issuer: CertificateFacts): boolean {
  try {
    return cert.x509.checkIssued(issuer.x509) && cert.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

/** True when the certificate names every DNS name and IP address asked for. */
export function coversNames(cert: CertificateFacts, dnsNames: string[], ipAddresses: string[]): boolean {
  const sans = (cert.x509.subjectAltName ?? '').split(', ');
  return dnsNames.every((name) => sans.includes(`DNS:${name}`)) && ipAddresses.every((ip) => sans.includes(`IP Address:${ip}`));
}
