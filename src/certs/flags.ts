// The `--cert-*` flags of `batchguard controller`, split off the command line before the controller's
// own parser sees it, so the certificate settings live next to the code that uses them.
import type { CertificateManagerOptions } from './manager.ts';

export const CERTIFICATE_FLAGS_USAGE = `Self-managed certificates (run by the elected leader):
  --cert-manage                    create, renew and publish the webhook certificates
  --cert-namespace <ns>            namespace of the Secrets and the Service (default: the lease namespace)
  --cert-secret <name>             serving Secret (tls.crt, tls.key, ca.crt)
  --cert-ca-secret <name>          CA Secret (default <cert-secret>-ca)
  --cert-service <name>            Service whose DNS names the certificate carries
  --cert-webhook-configuration <n> Validating- and MutatingWebhookConfiguration to inject caBundle into (repeatable)
  --cert-ca-days <days>            CA lifetime (default 365)
  --cert-leaf-days <days>          serving certificate lifetime (default 90)
  --cert-renew-before-percent <p>  renew when this share of the lifetime is left (default 33)
`;

export type CertificateFlags = Omit<CertificateManagerOptions, 'signal' | 'kubeconfig' | 'namespace' | 'logger' | 'onReconcile'> & {
  namespace: string | undefined;
};

export type CertificateFlagsResult =
  | { ok: true; certificates: CertificateFlags | undefined; rest: string[] }
  | { ok: false; message: string };

/** Takes the --cert-* flags out of argv; `certificates` is undefined unless --cert-manage is given. */
export function parseCertificateFlags(argv: string[]): CertificateFlagsResult {
  const rest: string[] = [];
  let manage = false;
  let namespace: string | undefined;
  let secretName: string | undefined;
  let caSecretName: string | undefined;
  let serviceName: string | undefined;
  const configurations: string[] = [];
  let caDays: number | undefined;
  let leafDays: number | undefined;
  let renewBefore: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!flag.startsWith('--cert-')) {
      rest.push(arg);
      continue;
    }
    if (flag === '--cert-manage') {
      if (eq > 0 && !['true', 'false'].includes(arg.slice(eq + 1))) return { ok: false, message: '--cert-manage takes true or false' };
      manage = eq < 0 || arg.slice(eq + 1) === 'true';
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (!value) return { ok: false, message: `${flag} needs a value` };
    const positive = (): number | undefined => (/^\d+(\.\d+)?$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
    switch (flag) {
      case '--cert-namespace':
        namespace = value;
        break;
      case '--cert-secret':
        secretName = value;
        break;
      case '--cert-ca-secret':
        caSecretName = value;
        break;
      case '--cert-service':
        serviceName = value;
        break;
      case '--cert-webhook-configuration':
        configurations.push(value);
        break;
      case '--cert-ca-days':
      case '--cert-leaf-days': {
        const n = positive();
        if (n === undefined) return { ok: false, message: `${flag} needs a positive number of days` };
        if (flag === '--cert-ca-days') caDays = n;
        else leafDays = n;
        break;
      }
      case '--cert-renew-before-percent': {
        const n = positive();
        if (n === undefined || n >= 100) return { ok: false, message: `${flag} needs a percentage between 0 and 100 (exclusive)` };
        renewBefore = n / 100;
        break;
      }
      default:
        return { ok: false, message: `unknown flag: ${arg}` };
    }
  }
  if (!manage) return { ok: true, certificates: undefined, rest };
  if (!secretName || !serviceName || configurations.length === 0) {
    return { ok: false, message: '--cert-manage needs --cert-secret, --cert-service and at least one --cert-webhook-configuration' };
  }
  return {
    ok: true,
    rest,
    certificates: {
      namespace,
      secretName,
      caSecretName,
      serviceName,
      webhookNames: { validating: configurations, mutating: configurations },
      caDays,
      leafDays,
      renewBefore,
    },
  };
}
