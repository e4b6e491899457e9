import { TestBed } from '@angular/core/testing';

import { StatsPoint } from '@poscalls4u/contracts';
import { ThemePreference } from '@poscalls4u/web-ui';

import { aFigures } from '../../testing/fixtures';
import { IntervalChartComponent } from './interval-chart';

const point = (start: string): StatsPoint => ({
  start,
  end: start,
  figures: aFigures({}),
});

describe('interval chart', () => {
  function config(points: StatsPoint[], interval: '15m' | '1h' | '1d' = '1h') {
    const fixture = TestBed.createComponent(IntervalChartComponent);
    fixture.componentRef.setInput('points', points);
    fixture.componentRef.setInput('timeZone', 'UTC');
    fixture.componentRef.setInput('interval', interval);
    // The computed configuration the canvas is drawn from.
    return (fixture.componentInstance as unknown as { config: () => ChartConfig }).config();
  }
  type ChartConfig = {
    data: {
      labels: string[];
      datasets: { label: string; borderColor?: string; pointStyle?: string }[];
    };
    options: { plugins: { legend: { labels: { usePointStyle: boolean; color: string } } } };
  };

  it('dates the hours of a report that spans several days', () => {
    const labels = config([point('2026-12-06T23:00:00.000Z'), point('2026-12-07T00:00:00.000Z')])
      .data.labels;
    expect(labels).toEqual(['6 Dec 23:00', '7 Dec 00:00']);
    expect(config([point('2026-12-07T09:00:00.000Z')]).data.labels).toEqual(['09:00']);
  });

  it('draws the service level in the legend as a line, in colours for the theme', () => {
    const light = config([point('2026-12-07T09:00:00.000Z')]);
    const level = light.data.datasets.find((set) => set.label === 'Service level (%)');
    expect(level?.pointStyle).toBe('line');
    expect(light.options.plugins.legend.labels.usePointStyle).toBe(true);
    expect(level?.borderColor).toBe('#000000');

    TestBed.inject(ThemePreference).set('dark');
    const dark = config([point('2026-12-07T09:00:00.000Z')]);
    expect(dark.data.datasets.find((set) => set.label === 'Service level (%)')?.borderColor).toBe(
      '#F0F0F0',
    );
    expect(dark.options.plugins.legend.labels.color).toBe('#e6e0e9');
    TestBed.inject(ThemePreference).set('system');
  });
});
