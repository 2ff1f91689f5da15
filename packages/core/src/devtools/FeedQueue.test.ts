import { describe, expect, it } from 'vitest';
import type { HandlerEvent } from '../handler/HandlerEvent.ts';
import { FeedQueue } from './FeedQueue.ts';

const event = (at: number): HandlerEvent => ({ type: 'config.changed', at });
const ats = (events: HandlerEvent[]) => events.map((e) => e.at);

describe('FeedQueue', () => {
  it('keeps the newest maxEvents in order across wrap-arounds, and says how many it dropped', () => {
    const queue = new FeedQueue(3, 1_000);
    const dropped = [1, 2, 3, 4, 5, 6, 7].map((at) => queue.push(event(at), 10));
    expect(dropped).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect([queue.length, queue.bytes]).toEqual([3, 30]);
    expect(ats(queue.drain())).toEqual([5, 6, 7]);
    expect([queue.length, queue.bytes]).toEqual([0, 0]);
    queue.push(event(8), 10);
    expect(ats(queue.drain())).toEqual([8]);
  });

  it('drops the oldest until the new event fits in maxBytes; one heavier than maxBytes alone is dropped itself', () => {
    const queue = new FeedQueue(100, 100);
    queue.push(event(1), 40);
    queue.push(event(2), 40);
    expect(queue.push(event(3), 50)).toBe(1);
    expect([queue.length, queue.bytes]).toEqual([2, 90]);
    expect(queue.push(event(4), 101)).toBe(1);
    expect(queue.push(event(5), 100)).toBe(2);
    expect(ats(queue.drain())).toEqual([5]);
  });
});
