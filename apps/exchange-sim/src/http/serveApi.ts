import { timerSleep } from '@breakwater/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExchangeApi } from '../api/ExchangeApi.ts';
import { routeRequest } from '../api/routeRequest.ts';
import type { RequestCounters } from '../ExchangeSimStats.ts';
import { faultReply } from '../faults/faultReply.ts';
import type { FaultPlan } from '../faults/FaultPlan.ts';
import { BodyError, readJsonBody } from '@breakwater/node/http';
import { sendError, sendReply, truncateJson } from './replies.ts';

export interface ApiContext {
  api: ExchangeApi;
  plan: FaultPlan;
  counters: RequestCounters;
  /** Requests in flight: aborted when their client goes away or the server closes. */
  inFlight: Set<AbortController>;
}

const MAX_BODY_BYTES = 16 * 1024;

/**
 * One API request: route it, read its body, let the fault plan decide, then answer — or not. The order of
 * things is what makes the faults honest: `reset`, `timeout` and the error answers strike before the exchange
 * acts, so retrying them is safe; `acceptThenTimeout` and `malformed` strike after it acted, so the order exists.
 */
export async function serveApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  ctx: ApiContext,
): Promise<void> {
  const method = req.method ?? 'GET';
  const route = routeRequest(method, path);
  if ('status' in route)
    return sendError(res, route.status, 'BadRequest', route.message, route.allow ? { Allow: route.allow } : undefined);
  const { endpoint } = route;
  ctx.counters.request(endpoint);

  const controller = new AbortController();
  ctx.inFlight.add(controller);
  res.on('close', () => {
    ctx.inFlight.delete(controller);
    controller.abort();
  });
  const pause = async (ms: number) => {
    try {
      await timerSleep(ms, controller.signal);
      return true;
    } catch {
      return false; // the client gave up, or the server is closing: nobody to answer
    }
  };
  const hold = () => undefined; // no answer: the connection stays open until the client gives up or the server closes
  const reset = () => void req.socket.resetAndDestroy(); // a TCP RST: the client reads ECONNRESET

  let body: unknown;
  if (method === 'POST') {
    try {
      body = await readJsonBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyError) return sendError(res, error.status, 'BadRequest', error.message);
      throw error;
    }
  }

  const { latencyMs, fault } = ctx.plan.decide(endpoint);
  if (latencyMs > 0) {
    ctx.counters.fault('latency');
    if (!(await pause(latencyMs))) return;
  }
  switch (fault?.kind) {
    case 'reset':
      ctx.counters.fault('reset');
      return reset();
    case 'timeout':
      ctx.counters.fault('timeout');
      if (fault.ms === undefined) return hold();
      if (!(await pause(fault.ms))) return; // a late answer to nobody: the request is dropped unprocessed
      break;
    case 'rateLimit':
    case 'maintenance':
    case 'nonce':
    case 'insufficientFunds':
      ctx.counters.fault(fault.kind);
      return sendReply(res, faultReply(fault));
  }

  const stale = fault?.kind === 'stale';
  const reply = ctx.api.answer({
    endpoint,
    query,
    body,
    ...(route.clientOrderId === undefined ? {} : { clientOrderId: route.clientOrderId }),
    ...(stale ? { staleAgeMs: fault.ageMs } : {}),
  });
  const succeeded = reply.status >= 200 && reply.status < 300;
  if (stale && succeeded) ctx.counters.fault('stale');

  if (fault?.kind === 'acceptThenTimeout' && reply.status === 201) {
    ctx.counters.fault('acceptThenTimeout');
    if (fault.lostBy === 'reset') return reset();
    if (fault.ms === undefined) return hold();
    if (!(await pause(fault.ms))) return;
  }
  if (fault?.kind === 'malformed' && succeeded) {
    ctx.counters.fault('malformed');
    return sendReply(res, reply, truncateJson);
  }
  sendReply(res, reply);
}
