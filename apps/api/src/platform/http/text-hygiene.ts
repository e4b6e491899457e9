import { NextFunction, Request, Response } from 'express';

import { ErrorCode, ValidationIssue } from '@poscalls4u/contracts';

import { sendError } from './send-error';

/**
 * Characters no field of ours may hold: C0 controls but tab, line feed and carriage return
 * (PostgreSQL refuses NUL outright, which surfaced as a 500), DEL, and unpaired UTF-16
 * surrogates (JSON allows `"\ud800"`; it is no character at all, and validators throw on it).
 * With the `u` flag, `\p{Cs}` matches only a surrogate that is not half of a pair.
 */
// eslint-disable-next-line no-control-regex -- these are exactly the characters refused.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u;

/** How deep a body may nest before it is refused rather than walked (no JSON of ours comes close). */
const MAX_DEPTH = 32;

/**
 * Names no field of ours has and that mean something to JavaScript objects: class-transformer
 * silently drops `__proto__` and `constructor`, so a body carrying them passed as if they were
 * not there, where any other unknown field is refused.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses, with a 400 in the error envelope, a request whose path, query or JSON body carries a
 * forbidden character, bytes that are not UTF-8, a reserved field name, or nests too deep —
 * before any route, validator or SQL sees it.
 */
export function refuseUnsafeText(request: Request, response: Response, next: NextFunction): void {
  const issues: ValidationIssue[] = [];
  let path: string;
  try {
    path = decodeURIComponent(request.path);
  } catch {
    refuse(response, request, [
      { field: 'path', messages: ['path is not valid percent-encoding'] },
    ]);
    return;
  }
  if (FORBIDDEN.test(path)) {
    issues.push({ field: 'path', messages: ['path must not contain control characters'] });
  }
  inspectQueryString(request.originalUrl, issues);
  inspect(request.query, 'query', 0, issues);
  inspect(request.body, 'body', 0, issues);
  if (issues.length > 0) refuse(response, request, issues.slice(0, 20));
  else next();
}

/**
 * The query string as sent must be percent-encoded UTF-8: the query parser reads a byte that is
 * not (`%FF`) as U+FFFD, which would then pass for text.
 */
function inspectQueryString(url: string, issues: ValidationIssue[]): void {
  const start = url.indexOf('?');
  if (start < 0) return;
  try {
    for (const part of url.slice(start + 1).split(/[&=]/)) {
      decodeURIComponent(part.replace(/\+/g, ' '));
    }
  } catch {
    issues.push({ field: 'query', messages: ['query is not valid percent-encoded UTF-8'] });
  }
}

function inspect(value: unknown, field: string, depth: number, issues: ValidationIssue[]): void {
  if (typeof value === 'string') {
    if (FORBIDDEN.test(value)) {
      issues.push({
        field,
        messages: [`${field} must not contain control characters or unpaired surrogates`],
      });
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    issues.push({ field, messages: [`${field} is nested too deeply`] });
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childField = Array.isArray(value) ? `${field}[${key}]` : `${field}.${key}`;
    if (FORBIDDEN.test(key)) {
      issues.push({ field: childField, messages: ['a field name holds a forbidden character'] });
      continue;
    }
    if (RESERVED_KEYS.has(key)) {
      issues.push({ field: childField, messages: ['a field name is reserved'] });
      continue;
    }
    inspect(child, childField, depth + 1, issues);
  }
}

function refuse(response: Response, request: Request, details: ValidationIssue[]): void {
  sendError(response, request, 400, ErrorCode.ValidationError, 'The request is invalid.', details);
}
