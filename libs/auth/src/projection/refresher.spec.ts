import { Refresher } from './refresher';

describe('Refresher', () => {
  it('runs one load at a time, and once more after it for calls made while it runs', async () => {
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const refresher = new Refresher(
      () =>
        new Promise<void>((resolve) => {
          started.push(started.length + 1);
          finish.push(resolve);
        }),
    );
    const first = refresher.refresh();
    const second = refresher.refresh();
    const third = refresher.refresh();
    expect(started).toEqual([1]);
    expect(third).toBe(second);

    let secondDone = false;
    void second.then(() => (secondDone = true));
    finish[0]();
    await first;
    await new Promise((r) => setImmediate(r));
    // The calls made during the first load get a load that starts after it.
    expect(started).toEqual([1, 2]);
    expect(secondDone).toBe(false);
    finish[1]();
    await second;
    expect(secondDone).toBe(true);
  });

  it('still runs the queued load when the running one fails', async () => {
    let calls = 0;
    const refresher = new Refresher(async () => {
      calls++;
      if (calls === 1) throw new Error('database down');
    });
    const failing = refresher.refresh();
    const queued = refresher.refresh();
    await expect(failing).rejects.toThrow('database down');
    await expect(queued).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
