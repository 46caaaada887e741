import { describeConformance } from '@neural/connector-conformance/vitest';
import { inject } from 'vitest';
import { localConformanceTarget } from './conformance.target.js';

// Imported statically: the test command builds @neural/connector-conformance first, and a package that does not
// load is a failure of this file, never a skip.
describeConformance(
  localConformanceTarget({ runnerPath: inject('runnerPath'), interpreter: [inject('pythonPath')] }),
);
