import { calendarExpand } from './calendar-expand';
import { devicesSimulate } from './devices-simulate';
import { householdCreate } from './household-create';
import { say } from './say';
import { tokensCreate } from './tokens-create';
import type { CliCommand } from './types';

/** Every subcommand of `miroir`; each lives in its own file beside this one. */
export const COMMANDS: CliCommand[] = [householdCreate, tokensCreate, calendarExpand, say, devicesSimulate];
