import { describeConformance } from '@neural/connector-conformance/vitest';
import target from './conformance.target.js';

// One test per clause of the contract; a clause your connector cannot honour fails with the reason.
describeConformance(target);
