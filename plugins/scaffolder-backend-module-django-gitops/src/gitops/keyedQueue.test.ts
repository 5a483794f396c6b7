import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedQueue } from './keyedQueue';

describe('KeyedQueue', () => {
  /** A task that records when it starts and ends, and takes `ms`. */
  const recorder = () => {
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await sleep(ms);
      events.push(`end ${name}`);
      return name;
    };
    return { events, task };
  };

  it('runs tasks of one key one at a time in order of arrival, and other keys alongside', async () => {
    const queue = new KeyedQueue();
    const { events, task } = recorder();

    const results = await Promise.all([
      queue.run('main', task('a', 20)),
      queue.run('main', task('b', 1)),
      queue.run('other', task('x', 5)),
      queue.run('main', async () => Promise.reject(new Error('c failed'))).catch(error => error.message),
      queue.run('main', task('d', 1)),
    ]);

    expect(results).toEqual(['a', 'b', 'x', 'c failed', 'd']);
    expect(events.filter(event => !event.endsWith(' x'))).toEqual(['start a', 'end a', 'start b', 'end b', 'start d', 'end d']);
    expect(events.indexOf('end x')).toBeLessThan(events.indexOf('end a'));
  });

  it('lets a cancelled task stop waiting without letting the next one overtake the running one', async () => {
    const queue = new KeyedQueue();
    const { events, task } = recorder();
    const cancel = new AbortController();

    const running = queue.run('main', task('a', 30));
    const cancelled = queue.run('main', task('b', 1), cancel.signal);
    const next = queue.run('main', task('c', 1));
    cancel.abort(new Error('task cancelled'));

    await expect(cancelled).rejects.toThrow('task cancelled');
    await Promise.all([running, next]);
    expect(events).toEqual(['start a', 'end a', 'start c', 'end c']);
  });
});
