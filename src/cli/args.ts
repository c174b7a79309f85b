// Flags of `batchguard validate`.

export const VALIDATE_USAGE = `Usage: batchguard validate [-o text|json] [--old OLD_FILE] [--policy FILE] FILE|DIR|- ...

Checks Job and CronJob manifests offline as the Kubernetes 1.36 API server would: decoding,
defaults, validation and warnings. Other kinds are counted and skipped.

  FILE|DIR|-          YAML or JSON files (several documents each), directories (searched
                      recursively for .yaml, .yml, .json), or - for standard input
  -o, --output FMT    text (default, like kubectl) or json (one array of results)
  --old OLD_FILE      the stored objects: a manifest with the same kind, namespace and name is
                      checked as an UPDATE of the one found here, others as a CREATE
  --policy FILE       operator defaults (YAML or JSON: {job: {...}, cronJob: {...}})
  -n, --namespace NS  namespace for manifests that name none (default: default, as kubectl)
  -h, --help          this help

Exit status: 0 all valid, 1 some object invalid, 2 usage or read errors.
`;

export interface ValidateOptions {
  output: 'text' | 'json';
  oldFiles: string[];
  policyFile?: string;
  namespace: string;
  inputs: string[];
}

export type ParsedArgs = { ok: true; help: boolean; options: ValidateOptions } | { ok: false; message: string };

export function parseValidateArgs(argv: readonly string[]): ParsedArgs {
  const options: ValidateOptions = { output: 'text', oldFiles: [], namespace: 'default', inputs: [] };
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    if (arg === '--') {
      options.inputs.push(...argv.slice(i + 1));
      break;
    }
    if (name === '-h' || name === '--help') {
      help = true;
    } else if (name === '-o' || name === '--output' || arg.startsWith('-o=')) {
      const v = arg.startsWith('-o=') ? arg.slice(3) : value();
      if (v !== 'text' && v !== 'json') return { ok: false, message: `--output must be text or json, not ${JSON.stringify(v ?? '')}` };
      options.output = v;
    } else if (name === '--old') {
      const v = value();
      if (!v) return { ok: false, message: '--old needs a file' };
      options.oldFiles.push(v);
    } else if (name === '--policy') {
      const v = value();
      if (!v) return { ok: false, message: '--policy needs a file' };
      options.policyFile = v;
    } else if (name === '-n' || name === '--namespace') {
      const v = value();
      if (!v) return { ok: false, message: '--namespace needs a name' };
      options.namespace = v;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { ok: false, message: `unknown flag ${arg}` };
    } else {
      options.inputs.push(arg);
    }
  }
  if (!help && options.inputs.length === 0) return { ok: false, message: 'no input: give files, directories or - for stdin' };
  return { ok: true, help, options };
}
