// outcome-lens: the command-line front end over the core.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './cliCommand';
import type { CliCommand, CliIo } from './cliCommand';
import { commands } from './commandTable';

const commonOptions = {
  root: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function usage(): string {
  const lines = ['Usage: outcome-lens <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Every command takes --root DIR (default: the current directory) and --json.');
  lines.push('Run `outcome-lens <command> --help` for its options.');
  return lines.join('\n') + '\n';
}

function commandUsage(command: CliCommand): string {
  return `Usage: outcome-lens ${command.name} ${command.usage}\n\n${command.summary}\n`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${process.env['OUTCOME_LENS_VERSION'] ?? 'dev'}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`outcome-lens: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...commonOptions, ...command.options },
      allowPositionals: command.allowPositionals,
      strict: true,
    });
    if (values.help === true) {
      io.stdout(commandUsage(command));
      return 0;
    }
    const rootValue = typeof values.root === 'string' ? values.root : '.';
    return await command.run({
      root: path.resolve(io.cwd, rootValue),
      json: values.json === true,
      values,
      positionals,
      io,
    });
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`outcome-lens ${command.name}: ${error.message}\n${commandUsage(command)}`);
      return 2;
    }
    io.stderr(`outcome-lens ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`outcome-lens: internal error: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    process.exit(2);
  });
  // The reader went away (`outcome-lens scan --json | head`): it has what it wanted. Stop
  // quietly, as Unix tools do, instead of dying on an unhandled EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`outcome-lens: cannot write the output: ${error.message}\n`);
    process.exit(2);
  });
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY,
  };
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
