import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A negative number as people write it: `-73.97`, `-34.6`, `-5`, `-.5`, `-1e3`. */
const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * `parseArgs` with one fix: a string option's value may be a negative number
 * (`--lon -73.97`). Node reads `-73.97` as an option and fails with "argument is ambiguous", so
 * every western or southern home would be refused in the natural form. Such a value is joined to
 * its option (`--lon=-73.97`) before parsing; anything else goes through unchanged.
 */
export function parseOptions<T extends ParseArgsConfig & { args: string[] }>(config: T): ReturnType<typeof parseArgs<T>> {
  const options = config.options ?? {};
  const takesValue = (arg: string): boolean => {
    if (arg.startsWith('--')) return options[arg.slice(2)]?.type === 'string';
    if (/^-[^-]$/.test(arg)) return Object.values(options).some((o) => o.short === arg.slice(1) && o.type === 'string');
    return false;
  };
  const given = config.args;
  const args: string[] = [];
  for (let i = 0; i < given.length; i += 1) {
    const arg = given[i];
    if (arg === '--') {
      args.push(...given.slice(i));
      break;
    }
    const next = given[i + 1];
    if (next !== undefined && takesValue(arg) && NEGATIVE_NUMBER.test(next)) {
      args.push(`${arg}=${next}`);
      i += 1;
    } else {
      args.push(arg);
    }
  }
  return parseArgs<T>({ ...config, args });
}
