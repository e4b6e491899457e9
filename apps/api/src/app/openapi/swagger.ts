import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('PosCalls4U API')
    .setDescription(
      [
        'The REST API of PosCalls4U, the open-source contact center.',
        '',
        'Every answer is an envelope: `{ "success": true, "data": ... }` or',
        '`{ "success": false, "error": { "code", "message", "details"? } }` with a stable `code`.',
        'Authenticate with `Authorization: Bearer <token>` from `POST /api/auth/login`.',
      ].join('\n'),
    )
    .setVersion('0.2.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Paths and schemas in name order, not in module registration order: moving a controller to
  // another module must not change the committed document (CI diffs it).
  document.paths = sortedByKey(document.paths);
  if (document.components?.schemas) {
    document.components.schemas = sortedByKey(document.components.schemas);
  }
  return document;
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** Swagger UI at `/api-docs`, the spec at `/api-docs-json`. */
export function serveSwagger(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api-docs', app, document, {
    jsonDocumentUrl: 'api-docs-json',
    customSiteTitle: 'PosCalls4U API',
    swaggerOptions: { persistAuthorization: true },
  });
}
