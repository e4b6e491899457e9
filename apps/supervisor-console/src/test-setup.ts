import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

// jsdom draws nothing: the charts get no 2D context and Chart.js skips drawing, quietly.
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { value: () => null });
