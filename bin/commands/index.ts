import { calendarExpand } from './calendar-expand';
import { devicesSimulate } from './devices-simulate';
import { householdCreate } from './household-create';
import { say } from './say';
import type { CliCommand } from './types';

/** Every subcommand of `miroir`; each lives in its own file beside this one. */
export const COMMANDS: CliCommand[] = [householdCreate, calendarExpand, say, devicesSimulate];
