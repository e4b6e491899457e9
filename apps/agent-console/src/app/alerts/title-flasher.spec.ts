import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';

import { TitleFlasher } from './title-flasher';

describe('TitleFlasher', () => {
  afterEach(() => jest.useRealTimers());

  it('alternates the message with the page title every second, and puts the title back', () => {
    jest.useFakeTimers();
    const title = TestBed.inject(Title);
    title.setTitle('Agent console');
    const flasher = TestBed.inject(TitleFlasher);

    flasher.start('Incoming call: +15550100');
    expect(title.getTitle()).toBe('Incoming call: +15550100');
    jest.advanceTimersByTime(1000);
    expect(title.getTitle()).toBe('Agent console');
    jest.advanceTimersByTime(1000);
    expect(title.getTitle()).toBe('Incoming call: +15550100');

    flasher.stop();
    expect(title.getTitle()).toBe('Agent console');
    jest.advanceTimersByTime(3000);
    expect(title.getTitle()).toBe('Agent console');
  });
});
