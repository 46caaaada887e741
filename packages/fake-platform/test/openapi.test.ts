import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createFakePlatform, PROBLEM_CODES, ROUTES } from '../src/index.js';
import { fromMswPath } from '../src/routes.js';

const documentPath = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
const document = parse(readFileSync(documentPath, 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string }>>;
  components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } };
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function documented(): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('openapi.yaml', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents exactly the routes the handlers serve, and nothing else', () => {
    const platform = createFakePlatform({ url: 'http://platform.test' });
    const served = platform.handlers
      .map((handler) => handler.info as unknown as { method: unknown; path: string })
      .filter((info) => typeof info.method === 'string') // not the catch-all that answers ROUTE_NOT_FOUND
      .map((info) => `${String(info.method)} ${fromMswPath(info.path.replace('http://platform.test', ''))}`);
    expect(served.sort()).toEqual(documented().sort());
  });

  it('uses the route table operationIds, which are the keys of per-route fault settings', () => {
    for (const [operationId, route] of Object.entries(ROUTES)) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(operationId);
    }
  });

  it('lists every problem code the platform can answer with', () => {
    expect([...document.components.schemas.Problem.properties.code.enum].sort()).toEqual(
      [...PROBLEM_CODES].sort(),
    );
  });
});
