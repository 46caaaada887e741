/** Workspace objects in the fake: `workspace/mkdirs` and `workspace/import`. */
import { apiError, type FakeAnswer, invalidParameter, ok } from './answers.js';
import { type FakeWorkspaceState, isObject } from './state.js';

const IMPORT_FORMATS = new Set(['SOURCE', 'HTML', 'JUPYTER', 'DBC', 'R_MARKDOWN', 'AUTO', 'RAW']);
const LANGUAGES = new Set(['SCALA', 'PYTHON', 'SQL', 'R']);

/** `POST /api/2.0/workspace/mkdirs`: creates the folder and its parents. */
export function mkdirs(state: FakeWorkspaceState, body: unknown): FakeAnswer {
  if (!isObject(body) || typeof body.path !== 'string' || !body.path.startsWith('/')) {
    return invalidParameter('Path must be absolute: path');
  }
  const parts = body.path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const folder = `/${parts.slice(0, i).join('/')}`;
    const existing = state.workspace.get(folder);
    if (existing && existing.objectType !== 'DIRECTORY') {
      return apiError(400, 'RESOURCE_ALREADY_EXISTS', `A file or notebook exists at ${folder}`);
    }
    state.workspace.set(folder, { objectType: 'DIRECTORY', content: '' });
  }
  return ok();
}

/** `POST /api/2.0/workspace/import`. */
export function importObject(state: FakeWorkspaceState, body: unknown): FakeAnswer {
  if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
  const { path, format = 'SOURCE', language, content, overwrite = false } = body;
  if (typeof path !== 'string' || !path.startsWith('/') || path.endsWith('/')) {
    return invalidParameter('Invalid value for parameter path: must be an absolute path');
  }
  if (typeof format !== 'string' || !IMPORT_FORMATS.has(format)) {
    return invalidParameter(`Invalid value for parameter format: ${String(format)}`);
  }
  if (format === 'SOURCE' && (typeof language !== 'string' || !LANGUAGES.has(language))) {
    return invalidParameter('The parameter language is required for format SOURCE');
  }
  if (typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
    return invalidParameter('Invalid value for parameter content: must be base64');
  }
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  if (state.workspace.get(parent)?.objectType !== 'DIRECTORY') {
    return apiError(404, 'RESOURCE_DOES_NOT_EXIST', `The parent folder (${parent}) does not exist.`);
  }
  const text = Buffer.from(content, 'base64').toString('utf8');
  const notebook =
    format === 'SOURCE' ||
    format === 'JUPYTER' ||
    (format === 'AUTO' && (!/\.\w+$/.test(path) || text.startsWith('# Databricks notebook source')));
  // AUTO drops the extension of what it imports as a notebook.
  const stored = notebook && format === 'AUTO' ? path.replace(/\.py$/, '') : path;
  const existing = state.workspace.get(stored);
  if (existing?.objectType === 'DIRECTORY') {
    return apiError(400, 'RESOURCE_ALREADY_EXISTS', `${stored} is a folder`);
  }
  if (existing && overwrite !== true) {
    return apiError(400, 'RESOURCE_ALREADY_EXISTS', `${stored} already exists.`);
  }
  state.workspace.set(stored, {
    objectType: notebook ? 'NOTEBOOK' : 'FILE',
    content: text,
    language: typeof language === 'string' ? language : 'PYTHON',
  });
  return ok();
}
