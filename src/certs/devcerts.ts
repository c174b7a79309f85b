// Development certificates: a CA and a serving certificate kept in a directory (certs/ by default),
// reused across starts, regenerated when missing, expiring or not covering the requested names.
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createCertificateAuthority, issueServingCertificate, type PemPair } from './authority.ts';

export interface DevCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  generated: boolean;
}

const CA_DAYS = 3650;
const SERVING_DAYS = 365;
// Regenerate a little before expiry so a long-running dev server is not caught out.
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

export const DEV_HOSTS = ['localhost', '127.0.0.1'];

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function usable(certPem: string, now: number): X509Certificate | undefined {
  try {
    const cert = new X509Certificate(certPem);
    return Date.parse(cert.validTo) - now > RENEW_BEFORE_MS ? cert : undefined;
  } catch {
    return undefined;
  }
}

function covers(cert: X509Certificate, hosts: string[]): boolean {
  return hosts.every((h) => (isIP(h) ? cert.checkIP(h) : cert.checkHost(h)) !== undefined);
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, path);
}

/** The CA and serving pair in `dir`, created or renewed as needed. */
export async function ensureDevCertificates(dir: string, extraDnsNames: string[] = []): Promise<DevCertificates> {
  const now = Date.now();
  const hosts = [...new Set([...DEV_HOSTS, ...extraDnsNames])];
  const caFile = join(dir, 'ca.crt');
  const caKeyFile = join(dir, 'ca.key');
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  await mkdir(dir, { recursive: true });

  const [caPem, caKeyPem, certPem, keyPem] = await Promise.all([caFile, caKeyFile, certFile, keyFile].map(readIfExists));
  let ca: PemPair | undefined = caPem && caKeyPem && usable(caPem, now) ? { certPem: caPem, keyPem: caKeyPem } : undefined;
  if (ca !== undefined && certPem && keyPem) {
    const cert = usable(certPem, now);
    if (cert !== undefined && covers(cert, hosts) && cert.checkIssued(new X509Certificate(ca.certPem))) {
      return { caPem: ca.certPem, certPem, keyPem, certFile, keyFile, caFile, generated: false };
    }
  }
  if (ca === undefined) {
    ca = await createCertificateAuthority({ commonName: 'batchguard development CA', days: CA_DAYS });
    await writeAtomically(caKeyFile, ca.keyPem, 0o600);
    await writeAtomically(caFile, ca.certPem, 0o644);
  }
  const serving = await issueServingCertificate(ca, {
    dnsNames: hosts.filter((h) => isIP(h) === 0),
    ipAddresses: hosts.filter((h) => isIP(h) !== 0),
    days: SERVING_DAYS,
    commonName: 'batchguard',
  });
  await writeAtomically(keyFile, serving.keyPem, 0o600);
  await writeAtomically(certFile, serving.certPem, 0o644);
  return { caPem: ca.certPem, certPem: serving.certPem, keyPem: serving.keyPem, certFile, keyFile, caFile, generated: true };
}
