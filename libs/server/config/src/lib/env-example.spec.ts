import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Environment } from './environment';

describe('.env.example', () => {
  it('documents every variable the configuration schema declares', () => {
    const example = readFileSync(join(__dirname, '../../../../../.env.example'), 'utf8');
    const documented = new Set(
      [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]),
    );
    const declared = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(Environment, '', true, false)
        .map((entry) => entry.propertyName),
    );
    expect([...declared].filter((name) => !documented.has(name))).toEqual([]);
  });
});
