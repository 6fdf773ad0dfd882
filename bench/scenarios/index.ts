import type { BenchScenario } from '../types';
import { apiScenarios } from './api';
import { fleetScenarios } from './fleet';
import { mirrorScenarios } from './mirror';
import { mqttScenarios } from './mqtt';
import { outfitsScenarios } from './outfits';
import { serverProcessScenarios } from './server-process';
import { suppliesScenarios } from './supplies';

export const SCENARIOS: BenchScenario[] = [...apiScenarios, ...outfitsScenarios, ...suppliesScenarios, ...mqttScenarios, ...mirrorScenarios, ...serverProcessScenarios, ...fleetScenarios];
