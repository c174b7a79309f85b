// Test PKI: a throw-away CA and serving certificates for loopback. Keys come from Node's native
// crypto (fast); node-forge only signs the X.509 structures, which Node cannot do by itself.
import { generateKeyPair as generateKeyPairCb, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPair = promisify(generateKeyPairCb);

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface TestCa extends KeyPairPem {
  issue(opts: { commonName: string; dnsNames?: string[]; ipAddresses?: string[]; clientAuth?: boolean; organization?: string }): Promise<KeyPairPem>;
}

async function rsaKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPair('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

function newCertificate(keyPem: string, days: number): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // A positive serial: clear the top bit of the first byte.
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + days * 24 * 60 * 60 * 1000);
  return { cert, key };
}

export async function createTestCa(commonName = 'batchguard-test-ca', days = 30): Promise<TestCa> {
  const caKeyPem = await rsaKeyPem();
  const { cert: caCert, key: caKey } = newCertificate(caKeyPem, days);
  const subject = [{ name: 'commonName', value: commonName }];
  caCert.setSubject(subject);
  caCert.setIssuer(subject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKey, forge.md.sha256.create());
  const caCertPem = forge.pki.certificateToPem(caCert);

  return {
    certPem: caCertPem,
    keyPem: caKeyPem,
    async issue({ commonName: cn, dnsNames = [], ipAddresses = [], clientAuth = false, organization }) {
      const keyPem = await rsaKeyPem();
      const { cert } = newCertificate(keyPem, days);
      const attrs: forge.pki.CertificateField[] = [{ name: 'commonName', value: cn }];
      if (organization !== undefined) attrs.unshift({ name: 'organizationName', value: organization });
      cert.setSubject(attrs);
      cert.setIssuer(caCert.subject.attributes);
      const altNames = [
        ...dnsNames.map((value) => ({ type: 2, value })),
        ...ipAddresses.map((ip) => ({ type: 7, ip })),
      ];
      const exts: Record<string, unknown>[] = [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: !clientAuth, clientAuth },
        { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
      ];
      if (altNames.length > 0) exts.push({ name: 'subjectAltName', altNames });
      cert.setExtensions(exts);
      cert.sign(caKey, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(cert), keyPem };
    },
  };
}
