export { FakePlatformContainer, StartedFakePlatformContainer } from './container.js';
export {
  type BuildFakePlatformImageOptions,
  buildFakePlatformImage,
  bundleServer,
  DEFAULT_FAKE_PLATFORM_IMAGE,
  FAKE_PLATFORM_CONTAINER_PORT,
  type FakePlatformImage,
  IMAGE_DIGEST_LABEL,
  resolveFakePlatformCli,
} from './image.js';
export {
  assembleRootfs,
  IMAGE_NODE_PATH,
  IMAGE_SERVER_PATH,
  listSharedLibraries,
  parseLddOutput,
  type RootfsContents,
} from './rootfs.js';
export { type ContainerRuntimeAvailability, detectContainerRuntime } from './runtime.js';
