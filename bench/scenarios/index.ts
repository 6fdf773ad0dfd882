import type { BenchScenario } from '../types';
import { apiScenarios } from './api';
import { fleetScenarios } from './fleet';
import { mirrorScenarios } from './mirror';
import { outfitsScenarios } from './outfits';
import { serverProcessScenarios } from './server-process';
import { suppliesScenarios } from './supplies';

export const SCENARIOS: BenchScenario[] = [...apiScenarios, ...outfitsScenarios, ...suppliesScenarios, ...mirrorScenarios, ...serverProcessScenarios, ...fleetScenarios];
