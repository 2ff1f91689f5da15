import { createHash } from 'node:crypto';
import { sendWithin, type RedisCommandSender } from './RedisConnection.ts';

export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * EVALSHA, and EVAL when the server does not know the script yet (first call, restart, SCRIPT FLUSH): works
 * with any client, not only one created with the script defined.
 */
export async function runScript(
  sender: RedisCommandSender,
  timeoutMs: number,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await sendWithin(sender, timeoutMs, ['EVALSHA', script.sha1, ...tail]);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return sendWithin(sender, timeoutMs, ['EVAL', script.source, ...tail]);
  }
}
