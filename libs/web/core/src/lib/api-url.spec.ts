import { apiUrl, isSameOriginApiRequest } from './api-url';

describe('apiUrl', () => {
  it('builds absolute API paths', () => {
    expect(apiUrl('auth/login')).toBe('/api/auth/login');
    expect(apiUrl('/auth/profile')).toBe('/api/auth/profile');
  });
});

describe('isSameOriginApiRequest', () => {
  const origin = 'https://calls.example.com';

  it('accepts relative and absolute same-origin API URLs', () => {
    expect(isSameOriginApiRequest('/api/auth/profile', origin)).toBe(true);
    expect(isSameOriginApiRequest('https://calls.example.com/api/teams', origin)).toBe(true);
  });

  it('rejects other origins and non-API paths', () => {
    expect(isSameOriginApiRequest('https://evil.example.com/api/auth/profile', origin)).toBe(false);
    expect(isSameOriginApiRequest('/apis/x', origin)).toBe(false);
    expect(isSameOriginApiRequest('/agent/assets/logo.svg', origin)).toBe(false);
  });
});
