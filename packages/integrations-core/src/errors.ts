// The family lives in ./errors/, one class per file; this barrel keeps every `./errors.js` import working.
export * from './errors/index.js';
