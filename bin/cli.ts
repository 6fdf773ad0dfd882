import { AppError } from '@server/core/errors';
import { COMMANDS } from './commands/index';
import { UsageError, type CliIO } from './commands/types';

function helpText(): string {
  const lines = ['Usage: miroir <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.path.join(' ').padEnd(20)} ${c.summary}`);
  lines.push('', 'Run `miroir <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const command = COMMANDS.find((c) => c.path.every((part, i) => argv[i] === part));
  if (!command) {
    const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h');
    (wantsHelp ? io.stdout : io.stderr)(`${helpText()}\n`);
    return wantsHelp ? 0 : 64;
  }
  const rest = argv.slice(command.path.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // parseArgs errors are recognised by their code: `instanceof` fails across realms (Jest's vm).
    const parseError = typeof err === 'object' && err !== null && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
    if (err instanceof UsageError || parseError) {
      io.stderr(`miroir ${command.path.join(' ')}: ${(err as Error).message}\nUsage: ${command.usage}\n`);
      return 64;
    }
    if (err instanceof AppError) {
      io.stderr(`miroir ${command.path.join(' ')}: ${err.code} ${JSON.stringify(err.params)}\n`);
      return 1;
    }
    io.stderr(`miroir ${command.path.join(' ')}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('miroir.js') || process.argv[1]?.endsWith('miroir')) {
  const io: CliIO = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
