import { MemoryTokenStorage } from './token-storage';

describe('MemoryTokenStorage', () => {
  beforeEach(() => localStorage.clear());

  it('writes, reads and clears the token, in memory only', () => {
    const storage = new MemoryTokenStorage();
    expect(storage.read()).toBeNull();

    storage.write('jwt-1');
    expect(storage.read()).toBe('jwt-1');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);

    storage.clear();
    expect(storage.read()).toBeNull();
  });
});
