import { type DevtoolsCommand } from '@breakwater/core';
import { ManualClock } from '@breakwater/core/testing';
import { describe, expect, it } from 'vitest';
import type { DevtoolsSource, MessageListener } from '../sources/DevtoolsSource.ts';
import { breaker, snapshot } from '../testing/messages.ts';
import { FleetStore } from './FleetStore.ts';

function process(refuse = false) {
  let send: MessageListener = () => undefined;
  const commands: DevtoolsCommand[] = [];
  const source: DevtoolsSource = {
    connect(onMessage) {
      send = onMessage;
      return () => undefined;
    },
    command: async (command) => {
      commands.push(command);
      if (refuse) throw new Error('404 no such breaker');
    },
  };
  return { source, commands, send: (data: unknown) => send(data) };
}

const options = { clock: new ManualClock(1_000), schedule: (flush: () => void) => flush() };

describe('FleetStore', () => {
  it('gives repeated names a number, keeps its snapshot until a process changed', () => {
    const a = process();
    const b = process();
    const fleet = new FleetStore(
      [
        { source: a.source, label: 'a' },
        { source: b.source, label: 'b' },
      ],
      options,
    );
    fleet.connect();
    a.send(snapshot({ process: 'bot' }));
    b.send(snapshot({ process: 'bot' }));
    const first = fleet.getSnapshot();
    expect(first.processes.map((p) => p.process)).toEqual(['bot', 'bot #2']);
    expect(fleet.getSnapshot()).toBe(first);
  });

  it('sends a mode switch in the merged view to every process; reports a refusal in the refusing process', async () => {
    const a = process();
    const b = process(true);
    const fleet = new FleetStore(
      [
        { source: a.source, label: 'a' },
        { source: b.source, label: 'b' },
      ],
      options,
    );
    fleet.connect();
    b.send(snapshot({ process: 'bot-2', breakers: [breaker('kraken')] }));
    fleet.command('all', { type: 'mode.set', mode: 'paper' });
    expect(a.commands).toEqual([{ type: 'mode.set', mode: 'paper' }]);
    fleet.command('all', { type: 'breaker.reset', name: 'bot-2 / kraken' });
    await Promise.resolve();
    await Promise.resolve();
    expect(b.commands).toEqual([
      { type: 'mode.set', mode: 'paper' },
      { type: 'breaker.reset', name: 'kraken' },
    ]);
    expect(fleet.getSnapshot().all.state.commandFailure).toEqual({
      at: 1_000,
      command: { type: 'breaker.reset', name: 'kraken' },
      message: 'bot-2: 404 no such breaker',
    });
  });

  it('needs at least one source', () => {
    expect(() => new FleetStore([])).toThrow(
      new RangeError('FleetStore: sources must name at least one process, got none'),
    );
  });
});
