// The `# @fake` directives are read by the fake platform's parser, so a job's code behaves the same on
// MockConnector and on the fake platform. The subpath is plain parsing: it loads nothing of MSW.
export { type JobDirectives, parseDirectives } from '@neural/fake-platform/directives';
