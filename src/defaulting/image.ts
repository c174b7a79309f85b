// The image pull policy default needs to know whether an image reference names the `latest` tag,
// the way github.com/distribution/reference's ParseNormalizedNamed reads it (kubelet's parser).

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]{32,})';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@${DIGEST})?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const NAME_TOTAL_LENGTH_MAX = 255;

/** The tag the kubelet would pull: the given tag, `latest` when none and no digest, `` when unparsable. */
export function imageTag(image: string): string {
  if (IDENTIFIER.test(image)) return '';
  const slash = image.indexOf('/');
  let domain = 'docker.io';
  let remainder = image;
  if (slash !== -1) {
    const first = image.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      domain = first;
      remainder = image.slice(slash + 1);
    }
  }
  const colon = remainder.indexOf(':');
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return '';
  const m = REFERENCE.exec(`${domain}/${remainder}`);
  if (!m || m[1].length > NAME_TOTAL_LENGTH_MAX) return '';
  const [, , tag, algorithm, hex] = m;
  if (algorithm !== undefined && DIGEST_HEX_LENGTH[algorithm] !== hex.length) return '';
  if (tag !== undefined) return tag;
  return algorithm !== undefined ? '' : 'latest';
}

// The same few images recur in every manifest; parsing one costs about as much as all other defaults.
const CACHE_LIMIT = 1024;
const policyCache = new Map<string, 'Always' | 'IfNotPresent'>();

/** SetDefaults_Container: `Always` for the latest tag, `IfNotPresent` otherwise. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string') return 'IfNotPresent';
  let policy = policyCache.get(image);
  if (policy === undefined) {
    policy = imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
    if (policyCache.size >= CACHE_LIMIT) policyCache.clear();
    policyCache.set(image, policy);
  }
  return policy;
}
