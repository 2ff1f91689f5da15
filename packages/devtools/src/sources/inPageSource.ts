import { DevtoolsFeed, type DevtoolsFeedOptions, type ErrorHandler } from '@breakwater/core';
import type { DevtoolsSource } from './DevtoolsSource.ts';

/**
 * The handler in this page: a `DevtoolsFeed` per connection (it listens to the handler only while connected)
 * and commands carried out directly.
 */
export function inPageSource(handler: ErrorHandler, options: DevtoolsFeedOptions = {}): DevtoolsSource {
  let feed: DevtoolsFeed | undefined;
  return {
    connect(onMessage, onStatus) {
      onStatus('connecting');
      const current = new DevtoolsFeed(handler, options);
      feed = current;
      // Subscribed before the snapshot is taken: the first batch then follows it with no gap.
      const stop = current.subscribe((batch) => onMessage(batch));
      onMessage(current.snapshot());
      onStatus('open');
      return () => {
        stop();
        if (feed === current) feed = undefined;
      };
    },
    async command(command) {
      (feed ?? new DevtoolsFeed(handler, options)).execute(command);
    },
  };
}
