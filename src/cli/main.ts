#!/usr/bin/env node
// batchguard's command line: one binary, subcommands loaded on demand so `--help` starts nothing.
import { readFileSync } from 'node:fs';

const USAGE = `batchguard: admission webhook and controller for Kubernetes batch/v1 Jobs and CronJobs

Usage:
  batchguard validate [-o text|json] [--old OLD_FILE] [--policy FILE] FILE|DIR|- ...
                        check manifests offline as the 1.36 API server would
  batchguard serve [flags]         run the validating and mutating admission webhooks
  batchguard controller [flags]    run the embedded Job controller
  batchguard --version             print the version
  batchguard --help                print this help

Run 'batchguard <command> --help' for the flags of a command.
`;

type Main = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<{ main: Main }>> = {
  validate: () => import('./validate.ts'),
  serve: () => import('./serve.ts'),
  controller: () => import('./controller.ts'),
};

function version(): string {
  // ../../package.json from both src/cli/main.ts and dist/cli/main.js.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? process.stderr : process.stdout).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`batchguard ${version()}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`batchguard: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  return (await load()).main(rest);
}

// Never a stack trace: whatever escapes a command is reported in one line.
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`batchguard: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
