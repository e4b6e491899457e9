// Integration suites start real servers and databases; the default 5 s is too short for them.
jest.setTimeout(60_000);
