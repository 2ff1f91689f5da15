// @breakwater/exchange-sim — a loopback exchange that fails on purpose (Node). The client is `./client`.

export { startExchangeSim, type ExchangeSim } from './startExchangeSim.ts';
export type { ExchangeSimOptions } from './ExchangeSimOptions.ts';
export type { ExchangeSimStats } from './ExchangeSimStats.ts';
export {
  ENDPOINTS,
  PUBLIC_ENDPOINTS,
  PRIVATE_ENDPOINTS,
  type Endpoint,
  type EndpointSelector,
} from './api/Endpoint.ts';
export { FAULT_KINDS, FAULT_ENDPOINTS, type FaultKind } from './faults/FaultKind.ts';
export type { OutageSettings } from './faults/FaultPlan.ts';
export { parseScenario, type ParseScenarioOptions } from './scenario/parseScenario.ts';
export { loadScenario } from './scenario/loadScenario.ts';
export { loadScenarioFile } from './scenario/loadScenarioFile.ts';
export { scenarioFile, type ShippedScenario } from './scenario/scenarioFile.ts';
export { parseFaultsFlag } from './scenario/parseFaultsFlag.ts';
export { ScenarioError, isScenarioError, type ScenarioIssue } from './scenario/ScenarioError.ts';
export type {
  Scenario,
  ScenarioInput,
  FaultMix,
  FaultMixInput,
  Phase,
  MaintenanceWindow,
} from './scenario/scenarioSchema.ts';
