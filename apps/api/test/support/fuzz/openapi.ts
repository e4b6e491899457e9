/** The slice of an OpenAPI 3 document the fuzz test reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation of the document, with every `$ref` of its inputs resolved. */
export interface Operation {
  method: string;
  /** The templated path, e.g. `/api/teams/{id}`. */
  path: string;
  label: string;
  pathParams: ParameterSpec[];
  queryParams: ParameterSpec[];
  headerParams: ParameterSpec[];
  /** The body's media type and schema, when the operation takes one. */
  body?: { contentType: string; schema: Schema; acceptsArray: boolean };
  authenticated: boolean;
  /** Answers 201 when it succeeds: it creates something rather than changing what exists. */
  creates: boolean;
}

export interface ParameterSpec {
  name: string;
  required: boolean;
  schema: Schema;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Every operation the running API serves, in the served document's order. Under Jest the
 * Swagger CLI plugin does not run (SWC compiles the tests), so the served document names every
 * route but not the DTO fields the plugin reads from types and comments; those come from the
 * committed document (`openapi.json`, the plugin's output, which `npm run openapi:check` keeps
 * equal to the code). A route the committed document lacks is fuzzed with what is served.
 */
export function operationsOf(served: OpenApiDocument, documented: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(served.paths)) {
    for (const method of METHODS) {
      const servedOperation = item[method];
      if (!servedOperation) continue;
      const documentedOperation = documented.paths[path]?.[method];
      operations.push(
        documentedOperation
          ? describeOperation(documented, path, method, documentedOperation)
          : describeOperation(served, path, method, servedOperation),
      );
    }
  }
  return operations;
}

function describeOperation(
  document: OpenApiDocument,
  path: string,
  method: string,
  operation: OperationObject,
): Operation {
  const resolve = resolver(document);
  const params = (where: Parameter['in']): ParameterSpec[] =>
    (operation.parameters ?? [])
      .filter((parameter) => parameter.in === where)
      .map((parameter) => ({
        name: parameter.name,
        required: parameter.required ?? where === 'path',
        schema: resolve(parameter.schema ?? { type: 'string' }),
      }));
  const content = Object.entries(operation.requestBody?.content ?? {})[0];
  const bodySchema = content?.[1].schema ?? {};
  const choices = bodySchema.oneOf ?? bodySchema.anyOf ?? [bodySchema];
  return {
    method: method.toUpperCase(),
    path,
    label: `${method.toUpperCase()} ${path}`,
    pathParams: params('path'),
    queryParams: params('query'),
    headerParams: params('header'),
    body: content
      ? {
          contentType: content[0],
          schema: resolve(bodySchema),
          acceptsArray: choices.some((choice) => choice.type === 'array'),
        }
      : undefined,
    authenticated: (operation.security ?? []).length > 0,
    creates: Object.keys(operation.responses ?? {}).includes('201'),
  };
}

/** Resolves `$ref`s and merges `allOf`, deeply; `oneOf`/`anyOf` keep their first choice. */
function resolver(document: OpenApiDocument): (schema: Schema) => Schema {
  const resolve = (schema: Schema, seen: string[]): Schema => {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = document.components?.schemas?.[name];
      if (!target || seen.includes(name)) return { type: 'object' };
      return resolve(target, [...seen, name]);
    }
    if (schema.allOf) {
      return schema.allOf
        .map((part) => resolve(part, seen))
        .reduce<Schema>(
          (merged, part) => ({
            ...merged,
            ...part,
            properties: { ...merged.properties, ...part.properties },
            required: [...(merged.required ?? []), ...(part.required ?? [])],
          }),
          {},
        );
    }
    const choice = schema.oneOf?.[0] ?? schema.anyOf?.[0];
    if (choice) return resolve(choice, seen);
    return {
      ...schema,
      ...(schema.items ? { items: resolve(schema.items, seen) } : {}),
      ...(schema.properties
        ? {
            properties: Object.fromEntries(
              Object.entries(schema.properties).map(([key, value]) => [key, resolve(value, seen)]),
            ),
          }
        : {}),
    };
  };
  return (schema) => resolve(schema, []);
}

/** An id no row has: the path ids of changing operations, so a request that passes does nothing. */
export const MISSING_UUID = '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f';

/**
 * A value the schema accepts: its example, default or first enum value, else one built from its
 * type and format. Emails point nowhere, so a sign-in fuzzed on them cannot lock a demo account.
 */
export function sampleOf(schema: Schema): unknown {
  if (schema.format === 'email') return 'nobody@fuzz.example.com';
  if (schema.format === 'uuid') return MISSING_UUID;
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type ?? 'string') {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, sampleOf(schema.properties?.[key] ?? {})]),
      );
    case 'array':
      return [sampleOf(schema.items ?? {})];
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return 'fuzz';
  }
}

/** The body an operation is fuzzed from: its required fields with valid values. */
export function sampleBody(schema: Schema): Record<string, unknown> | unknown[] {
  if (schema.type === 'array') return [sampleBody(schema.items ?? {})];
  return Object.fromEntries(
    (schema.required ?? []).map((key) => [key, sampleOf(schema.properties?.[key] ?? {})]),
  );
}
