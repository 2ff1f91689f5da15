import { z } from 'zod';
import type { DevtoolsCommand, DevtoolsMessage } from '../devtools/DevtoolsMessage.ts';
import { ProtocolError } from './ProtocolError.ts';
import { devtoolsCommandSchema, devtoolsMessageSchema } from './schemas.ts';

function check<T>(schema: z.ZodType, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data as T;
  throw new ProtocolError(
    what,
    result.error.issues.map((issue) =>
      issue.path.length > 0 ? `${z.core.toDotPath(issue.path)}: ${issue.message}` : issue.message,
    ),
  );
}

/** A received message (already JSON-parsed), checked; throws `ProtocolError` naming every problem. */
export function parseDevtoolsMessage(data: unknown): DevtoolsMessage {
  return check<DevtoolsMessage>(devtoolsMessageSchema, data, 'message');
}

export function parseDevtoolsCommand(data: unknown): DevtoolsCommand {
  return check<DevtoolsCommand>(devtoolsCommandSchema, data, 'command');
}
