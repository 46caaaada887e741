/**
 * `@neural/test-support`: helpers the packages' own tests share. Private, never published, imported from its
 * TypeScript source by vitest.
 *
 * @packageDocumentation
 */
export { type CodeBlock, extractCodeBlocks, isCheckedTypeScript } from './code-blocks.js';
export { type ReadmeExampleOutput, readmeExamples, runReadmeExample } from './readme-examples.js';
