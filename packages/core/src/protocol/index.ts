// @breakwater/core/protocol — the devtools protocol's schemas (zod), for the receiving end. A separate entry so
// that producers (a bot, a trading page) do not ship zod for it.
export {
  devtoolsMessageSchema,
  devtoolsSnapshotSchema,
  devtoolsBatchSchema,
  devtoolsCommandSchema,
  devtoolsBreakerSchema,
  errorRecordSchema,
  errorOutcomeSchema,
  handlerStatsSchema,
  handlerEventSchema,
  historyEventSchema,
} from './schemas.ts';
export { parseDevtoolsMessage, parseDevtoolsCommand } from './parse.ts';
export { ProtocolError, isProtocolError } from './ProtocolError.ts';
export {
  DEVTOOLS_PROTOCOL_VERSION,
  type DevtoolsMessage,
  type DevtoolsSnapshot,
  type DevtoolsBatch,
  type DevtoolsBreaker,
  type DevtoolsCommand,
  type DevtoolsConfigSummary,
} from '../devtools/DevtoolsMessage.ts';
