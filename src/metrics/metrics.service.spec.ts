import { Metrics } from './metrics.service';

describe('Metrics', () => {
  it('exports a gauge read at scrape time, and no sample at all while its value is unknown', async () => {
    const metrics = new Metrics();
    let value: number | null = 7;
    metrics.gauge('things_waiting', 'Things waiting', () => value);
    expect(await metrics.registry.metrics()).toMatch(/^things_waiting 7$/m);
    value = null;
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^# TYPE things_waiting gauge$/m);
    expect(text).not.toMatch(/^things_waiting /m);
  });

  it('returns the registered counter when asked twice for one name', () => {
    const metrics = new Metrics();
    expect(metrics.counter('things_total', 'Things')).toBe(metrics.counter('things_total', 'Things'));
  });
});
