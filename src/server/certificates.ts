// The serving certificate, loaded from files and reloaded when they change. A mounted Secret changes
// by swapping a `..data` symlink in its directory, so the directories are watched, not the files;
// a slow poll backs the watcher up on filesystems whose events go missing.
import { X509Certificate } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';

export interface ServingPair {
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

export interface CertificateWatcher {
  current(): ServingPair;
  close(): void;
}

export interface WatchOptions {
  certFile: string;
  keyFile: string;
  onReload: (pair: ServingPair) => void;
  onError: (error: Error) => void;
  debounceMs?: number;
  pollMs?: number;
}

/** Reads and checks a pair: the key must match the certificate, or the handshake would fail later. */
export async function loadServingPair(certFile: string, keyFile: string): Promise<ServingPair> {
  const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  const cert = new X509Certificate(certPem);
  createSecureContext({ cert: certPem, key: keyPem });
  return { certPem, keyPem, notAfter: new Date(cert.validTo) };
}

/**
 * On a fresh install the Secret is mounted before the certificate manager has filled it, so the files
 * do not exist yet: wait for them rather than exit and crash-loop. Any other error is final.
 */
export async function waitForServingPair(
  certFile: string,
  keyFile: string,
  onWaiting: (error: Error) => void,
  intervalMs = 2000,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await loadServingPair(certFile, keyFile);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (attempt === 0) onWaiting(e as Error);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

export async function watchServingPair(opts: WatchOptions): Promise<CertificateWatcher> {
  let pair = await loadServingPair(opts.certFile, opts.keyFile);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const reload = async (): Promise<void> => {
    timer = undefined;
    try {
      const next = await loadServingPair(opts.certFile, opts.keyFile);
      if (closed || (next.certPem === pair.certPem && next.keyPem === pair.keyPem)) return;
      pair = next;
      opts.onReload(pair);
    } catch (e) {
      // Half-written files (cert swapped, key not yet) fail here; the next event or poll retries.
      if (!closed) opts.onError(e as Error);
    }
  };
  const schedule = (): void => {
    if (closed) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void reload(), opts.debounceMs ?? 100);
  };

  const watchers: FSWatcher[] = [...new Set([dirname(opts.certFile), dirname(opts.keyFile)])].map((dir) => {
    const w = watch(dir, { persistent: false }, schedule);
    w.on('error', (e) => opts.onError(e));
    return w;
  });
  const poll = setInterval(schedule, opts.pollMs ?? 60_000);
  poll.unref();

  return {
    current: () => pair,
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      clearInterval(poll);
      for (const w of watchers) w.close();
    },
  };
}
