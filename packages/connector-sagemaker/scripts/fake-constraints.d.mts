/** The fake's constraint table (src/fake/aws-request-constraints.json) of the fixture's JSON services. */
export declare function requestConstraints(services: Record<string, unknown>): Record<string, unknown>;
