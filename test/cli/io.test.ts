import { MAX_TIMER_MS, sleepInSteps } from '../../cli/io';

describe('long waits', () => {
  test('GIVEN 25 days WHEN waited THEN no single timer exceeds 2^31-1 ms and the steps add up to 25 days', async () => {
    const steps: number[] = [];
    await sleepInSteps(25 * 86400 * 1000, async (ms) => {
      steps.push(ms);
    });
    expect(MAX_TIMER_MS).toBe(2147483647);
    expect(Math.max(...steps)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(25 * 86400 * 1000);
    expect(steps).toHaveLength(2);
  });

  test('GIVEN 0 or a short wait WHEN waited THEN it is one step or none', async () => {
    const steps: number[] = [];
    const record = async (ms: number) => {
      steps.push(ms);
    };
    await sleepInSteps(0, record);
    await sleepInSteps(1500, record);
    expect(steps).toEqual([1500]);
  });
});
