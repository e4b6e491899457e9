import { TestBed } from '@angular/core/testing';

import { AUTH_CONFIG } from './auth.config';
import { LocalStorageTokenStorage } from './token-storage';

describe('LocalStorageTokenStorage', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        {
          provide: AUTH_CONFIG,
          useValue: { appName: 'Agent console', storageKey: 'agent-console' },
        },
        LocalStorageTokenStorage,
      ],
    });
  });

  it('writes, reads and clears the token under a per-console key', () => {
    const storage = TestBed.inject(LocalStorageTokenStorage);
    expect(storage.read()).toBeNull();

    storage.write('jwt-1');
    expect(storage.read()).toBe('jwt-1');
    expect(localStorage.getItem('poscalls4u.agent-console.access-token')).toBe('jwt-1');

    storage.clear();
    expect(storage.read()).toBeNull();
  });
});
